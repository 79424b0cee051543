"""The host side of Docker: the docker CLI helper, the sandbox's images and their recipes, the Docker-in-Docker launcher,
offline stand-ins, and what docktest keeps or leaves behind on the engine."""
