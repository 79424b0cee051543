"""The maintainer's generator of data/docker-history.json from Docker's own sources (never run by a check)."""
