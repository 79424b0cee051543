# Stand-in for Docker Hub's `debian` image (offline mode only): the sandbox's own Debian 13 (trixie) base, as the
# official debian:trixie (= latest) is, with bash as the command. Its apt cannot reach a mirror inside the sandbox.
ARG BASE
FROM ${BASE}
CMD ["bash"]
