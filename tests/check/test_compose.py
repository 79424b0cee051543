"""Compose blocks against the Compose Specification's schema: each problem at its key's page line, excerpts and
interpolation left alone."""

from __future__ import annotations

import pytest

from docktest.check.rules import check_page
from docktest.extract.markdown import extract_page
from docktest.report.formats import format_findings


def check(text: str) -> list[str]:
    return format_findings(check_page("p.md", text, extract_page("p.md", text)), "text").splitlines()


def compose(code: str, info: str = "yaml") -> str:
    """A page whose Compose block's first line is page line 3."""
    return f"# 앱\n```{info}\n{code}\n```\n"


CORRECT = """\
name: shop
services:
  web:
    build:
      context: .
      target: runtime
    ports:
      - "8080:80"
    environment:
      DB_HOST: db
    depends_on:
      db:
        condition: service_healthy
    volumes:
      - type: bind
        source: ./site
        target: /usr/share/nginx/html
  db:
    image: postgres:16
    healthcheck:
      test: ["CMD", "pg_isready"]
volumes:
  data: {}"""


def test_a_correct_compose_file_has_no_findings():
    assert check(compose(CORRECT)) == []
    assert check(compose(CORRECT, 'yaml title="compose.yaml"')) == []


@pytest.mark.parametrize("code, expected", [
    ("services:\n  app:\n    biuld: .",
     "p.md:5: error: unknown key 'biuld' in services.app (did you mean 'build'?) [compose]"),
    ("services:\n  app:\n    build:\n      contxt: .",
     "p.md:6: error: unknown key 'contxt' in services.app.build (did you mean 'context'?) [compose]"),
    ("services:\n  app:\n    image: nginx\nvolume:\n  data: {}",
     "p.md:6: error: unknown key 'volume' at the top level (did you mean 'volumes'?) [compose]"),
    ("services:\n  app:\n    image: nginx\n    ports: 8080:80",
     "p.md:6: error: services.app.ports must be a list, not '8080:80' [compose]"),
    ("services:\n  app:\n    image: nginx\n    volumes:\n      - type: bnd\n        source: .\n        target: /x",
     "p.md:7: error: services.app.volumes[0].type is 'bnd', not one of bind, volume, tmpfs, cluster, npipe, image "
     "(did you mean 'bind'?) [compose]"),
    ("services:\n  app:\n    image: nginx\n    image: httpd",
     "p.md:6: error: key 'image' is given twice (first on line 5): Compose refuses the file [compose]"),
])
def test_schema_problems_at_the_page_line_of_their_key(code, expected):
    assert check(compose(code)) == [expected]


def test_a_yaml_syntax_error_is_an_error_in_a_named_compose_file_and_a_warning_in_a_yaml_block():
    code = "services:\n  app:\n    image: nginx\n    environment:\n      - A=1\n      B: 2"
    assert check(compose(code, 'yaml title="compose.yaml"')) == [
        "p.md:8: error: this Compose file is not valid YAML: did not find expected '-' indicator [compose]"]
    assert check(compose(code)) == [
        "p.md:8: warning: this Compose file is not valid YAML: did not find expected '-' indicator [compose-yaml]"]


@pytest.mark.parametrize("code", [
    # interpolation: Compose substitutes before it validates
    "services:\n  app:\n    image: nginx\n    privileged: ${PRIVILEGED:-false}\n    deploy:\n      replicas: $N",
    # an excerpt: `...` lines, a section the author left empty
    "services:\n  app:\n    build: .\n    ...\n  db:\n    # the database\n",
    "services:\n",
    # a lone service, and YAML of another kind that happens to have `services:`
    "web:\n  image: nginx\n  ports:\n    - 80:80",
    "name: myapp\nport: 8080\ndebug: true\nservices:\n  web:\n    image: nginx",
    # several examples in one block, and Kubernetes manifests
    "# before\nservices:\n  app:\n    image: a\n\n# after\nservices:\n  app:\n    image: b",
    "apiVersion: v1\nkind: Service\n---\nservices:\n  app: {}",
    # a tag only Compose knows
    "services:\n  app:\n    image: nginx\n    ports: !reset []",
])
def test_excerpts_interpolation_and_other_yaml_are_left_alone(code):
    assert check(compose(code)) == []


def test_a_file_the_page_names_compose_yaml_is_one_even_with_its_only_key_misspelt():
    assert check(compose("servics:\n  app:\n    image: nginx", 'yaml title="compose.yaml"')) == [
        "p.md:3: error: unknown key 'servics' at the top level (did you mean 'services'?) [compose]"]
    assert check(compose("web:\n  image: nginx", 'yaml title="compose.yaml"')) == []  # a lone service


def test_an_excerpt_is_still_held_to_its_key_names():
    code = "services:\n  app:\n    ...\n    imgae: nginx\n    ports: 80"
    assert check(compose(code)) == ["p.md:6: error: unknown key 'imgae' in services.app (did you mean 'image'?) [compose]"]


def test_each_example_of_a_block_is_checked():
    code = "# ❌\nservices:\n  app:\n    replicas: 3\n\n# ✅\nservices:\n  app:\n    deploy:\n      replicas: 3"
    assert check(compose(code)) == ["p.md:6: error: unknown key 'replicas' in services.app [compose]"]
