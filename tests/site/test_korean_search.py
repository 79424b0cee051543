"""Korean particles as a search separator: which endings go, which words stay whole, Docker terms untouched.

Python's `re` reads PARTICLE_SEPARATOR as JavaScript does (it uses no syntax where they differ);
tests/test_korean_search_site.py checks the same cases through Material's search in Chromium.
"""

from __future__ import annotations

import json
import re

import pytest
from mkdocs.config import load_config

from conftest import ROOT
from notes_site.korean import PARTICLE_SEPARATOR, PARTICLES, with_particles

MATERIAL_SEPARATOR = r"[\s\-]+"  # Material's default, for the cases that need no other


@pytest.fixture(scope="module")
def site_separator() -> str:
    """The separator mkdocs.yml gives Material's search plugin, before with_particles extends it there."""
    separator = load_config(str(ROOT / "mkdocs.yml")).plugins["material/search"].config.separator
    assert separator.endswith("|" + PARTICLE_SEPARATOR), "mkdocs.yml does not build it with with_particles"
    return separator.removesuffix("|" + PARTICLE_SEPARATOR)


def tokens(text: str, separator: str = with_particles(MATERIAL_SEPARATOR)) -> list[str]:
    """The tokens Material indexes (and searches for) in `text`: split by the separator, lowercased."""
    return [token.lower() for token in re.split(separator, text) if token]


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("이미지는", "이미지"),
        ("이미지를", "이미지"),
        ("이미지가", "이미지"),
        ("이미지의", "이미지"),
        ("이미지에서", "이미지"),
        ("이미지로", "이미지"),
        ("이미지와", "이미지"),
        ("이미지도", "이미지"),
        ("이미지만", "이미지"),
        ("이미지까지", "이미지"),
        ("이미지부터", "이미지"),
        ("이미지에게", "이미지"),
        ("이미지한테", "이미지"),
        ("이미지보다", "이미지"),
        ("이미지처럼", "이미지"),
        ("이미지나", "이미지"),
        ("이미지랑", "이미지"),
        ("컨테이너는", "컨테이너"),
        ("컨테이너를", "컨테이너"),
        ("명령은", "명령"),  # after a final consonant: 은/이/을/과/으로/이나/이랑
        ("명령이", "명령"),
        ("명령을", "명령"),
        ("명령과", "명령"),
        ("명령으로", "명령"),
        ("명령이나", "명령"),
        ("명령이랑", "명령"),
        ("파일로", "파일"),  # 로, not 으로, after ㄹ
        ("레이어별로", "레이어별"),
        ("컨테이너에서는", "컨테이너"),  # stacked particles go together
        ("레이어에도", "레이어"),
        ("명령으로도", "명령"),
        ("캐시까지의", "캐시"),
        ("이미지로부터", "이미지"),
        ("결과의", "결과"),  # the two-syllable word stays whole under 과의
        ("Dockerfile의", "dockerfile"),  # after Latin letters any particle goes
        ("node로", "node"),
        ("v2에서", "v2"),
        # Verb endings that look like a particle go too; the query loses them alike, so it still matches.
        ("실행하는", "실행하"),
        ("복사하거나", "복사하거"),
    ],
)
def test_particle_is_stripped(word, stem):
    assert tokens(word) == [stem]


@pytest.mark.parametrize(
    "word",
    [
        "이미지",
        "템플릿이다",  # a copula ending, not a particle: prefix search finds it anyway
        # Two-syllable words ending in a particle's syllable: the stem would be one syllable.
        "결과", "추가", "속도", "하나", "정의", "경로", "나이", "만도",
        # A particle that does not fit the syllable before it is part of the word.
        "오버레이", "게이트웨이", "전문가", "효과", "평가",
        # One-syllable nouns keep their particle (the trade-off for the rule above).
        "값이", "셸을",
        # A particle alone, or a particle's syllable inside a word.
        "는", "이미지를찾다",
    ],
)
def test_word_stays_whole(word):
    assert tokens(word) == [word.lower()]


def test_every_listed_particle_is_stripped_where_it_fits():
    # 컨테이너 ends in a vowel, 명령 in ㅇ, 파일 in ㄹ: each particle fits at least one of them.
    for particle in PARTICLES:
        stems = {tokens(noun + particle)[0] for noun in ("컨테이너", "명령", "파일")}
        assert stems & {"컨테이너", "명령", "파일"}, particle


@pytest.mark.parametrize(
    "text",
    ["docker pull node:latest", "docker run --rm -it node", "docker ps -a", "docker build -f Dockerfile-rng -t section02-rng ."],
)
def test_docker_terms_are_split_as_before(text, site_separator):
    assert tokens(text, with_particles(site_separator)) == tokens(text, site_separator)


@pytest.mark.parametrize(("text", "expected"), [
    ("docker run --rm -it node", ["docker", "run", "--rm", "-it", "node"]),
    ("docker ps -a와 -aq", ["docker", "ps", "-a", "-aq"]),
    ("Dockerfile-rng section02-rng a--b", ["dockerfile", "rng", "section02", "rng", "a", "b"]),
    ("&lt;!-- docktest --&gt;, a - b, --, -", ["docktest", "a", "b"]),  # as the index holds text: entities
    ("-p 8080:80 --name=web", ["-p", "8080", "80", "--name", "web"]),
])
def test_a_flag_keeps_its_dashes_and_nothing_else_does(text, expected, site_separator):
    assert tokens(text, with_particles(site_separator)) == expected


def test_a_flag_escaped_for_lunr_stays_one_term(site_separator):
    # overrides/partials/docker-flags.html sends -it as \-it, which Material splits with this separator before
    # handing it to Lunr: it must come through whole.
    assert tokens(r"\-it \-\-rm", site_separator) == [r"\-it", r"\-\-rm"]


def test_sentence_loses_only_its_particles():
    assert tokens("컨테이너는 이미지에서 코드와 환경을 새 컨테이너로 복사하지 않는다.") == [
        "컨테이너", "이미지", "코드", "환경", "새", "컨테이너", "복사하지", "않는다.",
    ]


def test_with_particles_keeps_the_separator_and_is_idempotent(site_separator):
    extended = with_particles(site_separator)
    assert extended == f"{site_separator}|{PARTICLE_SEPARATOR}"
    assert with_particles(extended) == extended


def test_the_built_index_has_the_particles(built_site, site_separator):
    config = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))["config"]
    assert config["separator"] == with_particles(site_separator)
