"""docker run stops reading its own flags at the image: a flag of docker's written after it goes to the container
(heldout-16: `docker run … mariadb:latest -e MARIADB_ROOT_PASSWORD=secret`, so MariaDB exits and the page's next
commands fail). A warning: the command runs, the page is wrong."""

from __future__ import annotations

import pytest

from checked_page import check


@pytest.mark.parametrize("code, flag, image", [
    ("docker run -d --name db mariadb:10.6 -e MARIADB_ROOT_PASSWORD=secret", "-e", "mariadb:10.6"),
    ("docker run -d nginx -p 8080:80", "-p", "nginx"),
    ("docker container create ubuntu --rm", "--rm", "ubuntu"),
    ("docker run -d redis -v data:/data", "-v", "redis"),
    ("docker run postgres --name=db", "--name=db", "postgres"),
])
def test_a_docker_flag_after_the_image_is_a_warning(code: str, flag: str, image: str) -> None:
    assert check(code) == [f"p.md:2: warning: '{flag}' after the image '{image}' goes to the container's command, "
                           "not to docker: put docker's flags before the image [flag-after-image]"]


@pytest.mark.parametrize("code", [
    'docker run --rm nginx -g "daemon off;"',  # nginx's own flag
    "docker run -d redis redis-server --appendonly yes",  # the container's command, then its flags
    "docker run -d mysql:8 --character-set-server=utf8mb4",  # mysqld's flag, given through the entrypoint
    "docker run myimage -v http://other.com",  # curl's -v, given through the entrypoint (yeasy's ENTRYPOINT page)
    "docker run alpine sh -c 'env -e X=1'",  # a command first: what follows is its business
    "docker pull nginx --platform linux/amd64",  # pull reads its flags anywhere
    "docker run -d -e KEY=value -p 8080:80 nginx",  # docker's flags before the image
])
def test_what_the_container_or_docker_reads_rightly_is_no_warning(code: str) -> None:
    assert check(code) == []
