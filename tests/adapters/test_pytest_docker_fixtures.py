"""A site's conftest.py overrides pytest-docker's fixtures and its pages' sandboxes follow, as pytest-docker users expect."""

from __future__ import annotations

import subprocess
import uuid

import pytest

pytest_plugins = ["pytester"]
pytestmark = pytest.mark.docker  # runs a page in a real sandbox

CONFTEST = """
import pytest

@pytest.fixture
def docker_compose_project_name():
    return "{project}"

@pytest.fixture(scope="session")
def docker_setup():
    return ["up -d --remove-orphans", "exec -T dind touch /set-up-by-the-site"]
"""
# Compose names the registry's container after the project; the sandbox's network resolves container names.
PAGE = """# 덮어쓴 픽스처

```bash
getent hosts {project}-registry-1
test -e /set-up-by-the-site
```
"""


def test_a_conftest_override_of_project_name_and_setup_reaches_the_sandbox(pytester: pytest.Pytester) -> None:
    project = f"docktest-override-{uuid.uuid4().hex[:8]}"
    pytester.makeconftest(CONFTEST.format(project=project))
    pytester.makefile(".md", page=PAGE.format(project=project))
    pytester.makeini("[pytest]\ndocktest_paths = .\n")
    run = pytester.runpytest_subprocess("-p", "no:cacheprovider", "page.md", timeout=600)
    run.assert_outcomes(passed=2)
    left = subprocess.run(["docker", "ps", "-a", "-q", "--filter", f"label=com.docker.compose.project={project}"],
                          capture_output=True, text=True, timeout=60, check=True)
    assert left.stdout == ""  # the plugin's docker_cleanup still ran
