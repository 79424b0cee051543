"""Which images a page names (so its stand-ins are built first), and which loopback ports a command talks to."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT
from docktest.extract.markdown import extract_page
from docktest.run import ports
from docktest.run.page_images import (built_images, command_images, folder_images, image_arguments, page_images,
                                      page_stand_ins)


@pytest.mark.parametrize(("text", "images"), [
    ("docker run --rm -it -p 8080:80 -e A=1 --name web nginx:1.26 sh -c 'echo hi'", ["nginx:1.26"]),
    ("docker run -d --network=back -v data:/var/lib/postgresql/data postgres", ["postgres"]),
    ("sudo docker container run --rm busybox echo hi", ["busybox"]),
    ("docker pull redis && docker create --name c httpd", ["redis", "httpd"]),
    ("docker image pull debian:trixie", ["debian:trixie"]),
    ("docker run $IMAGE", []),  # known only when it runs
    ("docker exec web nginx -s reload", []),  # a container, not an image
    ("docker build -t app . && docker run app", ["app"]),
    ("echo docker run nginx", []),
])
def test_image_arguments_are_found_as_dockers_parser_finds_them(text: str, images: list[str]) -> None:
    assert image_arguments(text) == images


def test_here_documents_name_images_too() -> None:
    text = ("docker build -t tiny - <<'END'\nFROM --platform=linux/amd64 alpine:3.20 AS base\nRUN true\n"
            "FROM base\nFROM scratch\nCOPY --from=base /x /x\nEND")
    assert command_images(text) == ["alpine:3.20"]  # a stage and scratch are no images to pull
    compose = "cat > compose.yaml <<EOF\nservices:\n  db:\n    image: postgres:17\n  web:\n    build: .\nEOF"
    assert command_images(compose) == ["postgres:17"]
    assert command_images("psql -c \"SELECT * FROM users\"") == []  # no Dockerfile is written here


def test_example_folders_name_images_in_dockerfiles_and_compose_files(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile-rng").write_text("FROM python:3\nCOPY . .\n", encoding="utf-8")
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / "compose.yaml").write_text("services:\n  db:\n    image: 'postgres:17'\n  web:\n"
                                                  "    build: .\n    image: ${WEB_IMAGE}\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("FROM nginx\n", encoding="utf-8")  # not a Dockerfile
    assert folder_images(tmp_path) == ["python:3", "postgres:17"]


def test_a_page_names_its_stand_ins_once_each_and_skipped_blocks_do_not_count() -> None:
    page = ROOT / "tests" / "fixtures" / "offline-stand-ins.md"
    assert page_stand_ins(extract_page(str(page)), page.parent) == ("busybox", "nginx", "postgres", "redis")
    skipped = "<!-- docktest\nskip: 호스트 전용\n-->\n```bash\ndocker run mysql\n```\n"
    assert page_stand_ins(extract_page("p.md", skipped), page.parent) == ()
    bound = "<!-- docktest\nplaceholders:\n  이미지: httpd\n-->\n```bash\ndocker run -d {이미지}\n```\n"
    assert list(page_images(extract_page("p.md", bound), page.parent)) == ["httpd"]


def test_the_file_blocks_a_block_builds_name_its_stand_ins() -> None:
    """Offline, the page's registry must serve what its Dockerfile and compose.yaml blocks pull."""
    page = ('```dockerfile title="Dockerfile"\nFROM nginx:1.26 AS web\nFROM web\n```\n\n'
            '```yaml title="compose.yaml"\nservices:\n  cache:\n    image: redis\n  app:\n    build: .\n```\n\n'
            '```bash\ndocker compose up -d\n```\n')
    assert page_stand_ins(extract_page("p.md", page), ROOT) == ("nginx", "redis")


@pytest.mark.parametrize(("text", "used"), [
    ("curl -s localhost:8080", [8080]),
    ("curl http://127.0.0.1:8080/api && wget -qO- http://localhost:3000", [8080, 3000]),
    ("curl http://localhost", [80]),
    ("curl -k https://localhost/", [443]),
    ("http :5000/items", [5000]),
    ("nc -z localhost 5432", [5432]),
    ("curl https://example.com", []),  # not this machine
    ("docker exec web curl localhost:80", []),  # inside a container: its own loopback
    ("echo localhost:8080", []),
    ("curl localhost:$PORT", []),
])
def test_clients_of_loopback_ports_are_recognised(text: str, used: list[int]) -> None:
    assert ports.ports_used(text) == used


def test_published_ports_are_read_as_the_engine_lists_them() -> None:
    listing = "8080 80/tcp 8080 80/tcp |172.17.0.2 \n 5353 53/udp |172.17.0.3 \n|172.17.0.4 \n6379 6379/tcp |\n"
    assert ports.parse_published(listing) == {8080: ("172.17.0.2", 80)}


@pytest.mark.parametrize(("text", "built"), [
    ("docker build -t tiny - <<'END'\nFROM alpine\nEND", ["tiny"]),
    ("docker buildx build --tag=goals:latest -t goals:v2 .", ["goals:latest", "goals:v2"]),
    ("docker image tag node:latest mynode:1", ["mynode:1"]),
    ("docker run -t node", []),  # -t is a terminal here
])
def test_images_a_page_builds_are_known_by_name(text: str, built: list[str]) -> None:
    assert built_images(text) == built
