"""The pytest plugin's sandboxes the pytest-docker way: a page's sandbox comes from `get_docker_services` with the
values of pytest-docker's fixtures, which the plugin defaults to the packaged recipe and a site's conftest.py overrides."""

from __future__ import annotations

import contextlib
import shlex
from typing import Callable, Iterator, Sequence

import pytest
from _pytest.fixtures import TopRequest
from pytest_docker.plugin import DockerComposeExecutor, get_docker_services

from docktest import config
from docktest.model import SandboxError
from docktest.sandbox.launcher import DOWN, UP, Launcher, Sandbox

# What a page's sandbox is made of, in get_docker_services' order.
FIXTURES = ("docker_compose_command", "docker_compose_file", "docker_compose_project_name", "docker_setup",
            "docker_cleanup")


# The run's launcher (engine checked, images built), made when first asked: pytest-docker's fixtures are asked for
# only when a page needs a sandbox, so a run whose pages all come from the cache asks no engine anything.
LAUNCHER = pytest.StashKey[Callable[[], Launcher]]()

# The plugin's values for pytest-docker's fixtures: the packaged recipe, on the run's engine. The plugin registers this
# module after pytest-docker, so these replace its defaults; a fixture of the same name in any conftest.py replaces
# these (pytest-docker's fixtures are session-scoped; a page is no Python module, so not module-scoped here).


@pytest.fixture(scope="session")
def docker_compose_command(pytestconfig: pytest.Config) -> str:
    """Compose with docktest's env file (images, owner labels), pointed at the run's engine."""
    launcher = pytestconfig.stash[LAUNCHER]()
    engine = [f"{name}={value}" for name, value in launcher.docker.engine_env().items()]
    compose = [config.compose_binary(), "--env-file", str(launcher.env_file())]
    return shlex.join(["env", *engine, *compose] if engine else compose)


@pytest.fixture(scope="session")
def docker_compose_file(pytestconfig: pytest.Config) -> list[str]:
    """The packaged recipe, in the form this engine takes and the run's mode."""
    return pytestconfig.stash[LAUNCHER]().compose_files()


@pytest.fixture
def docker_compose_project_name(pytestconfig: pytest.Config) -> str:
    """A new name for each page: pages never share a sandbox (function scope: the page takes its first item's)."""
    return pytestconfig.stash[LAUNCHER]().project_name()


@pytest.fixture(scope="session")
def docker_setup() -> list[str]:
    """Compose's `up`, detached."""
    return [" ".join(UP)]  # no --wait: the launcher waits for the inner daemon itself, more tightly


@pytest.fixture(scope="session")
def docker_cleanup() -> list[str]:
    """Compose's `down`: containers, network and volumes, at once."""
    return [" ".join(DOWN)]


class PageSandboxes:
    """What run_page opens a page's sandbox with in the pytest plugin: pytest-docker's `get_docker_services` with the
    fixture values REQUEST (of the item running the page) sees, and LAUNCHER for the rest (stand-ins' registry
    image, the wait for the inner daemon)."""

    def __init__(self, launcher: Launcher, request: pytest.FixtureRequest) -> None:
        self.launcher, self.request, self.docker = launcher, request, launcher.docker

    @contextlib.contextmanager
    def open(self, registry: str | None = None) -> Iterator[Sandbox]:
        """The page's sandbox, up until the page is done; REGISTRY (stand-ins the default registry lacks) is laid
        over the Compose files as a file of its own, since the command's env file names the default one."""
        values = {name: self.request.getfixturevalue(name) for name in FIXTURES}
        command, files, project, setup, cleanup = (values[name] for name in FIXTURES)
        files = [files] if isinstance(files, str) else list(files)
        if registry and registry != self.launcher.images.registry:
            files.append(str(self.launcher.registry_file(registry)))
        with contextlib.ExitStack() as stack:
            try:
                stack.enter_context(get_docker_services(command, files, project, setup, cleanup))
            except BaseException as error:  # pytest-docker cleans up only after a setup that worked
                _clean_up(command, files, project, cleanup)
                if isinstance(error, Exception):  # pytest-docker's bare Exception holds Compose's output
                    raise SandboxError(f"starting sandbox {project} through pytest-docker failed: {error}") from None
                raise
            yield self.launcher.ready(project)


def _clean_up(command: str, files: Sequence[str], project: str, cleanup: str | Sequence[str]) -> None:
    """Run the CLEANUP commands whatever they answer: what they leave behind is reaped by label later."""
    compose = DockerComposeExecutor(command, files, project)
    for each in [cleanup] if isinstance(cleanup, str) else cleanup or []:
        compose.execute(each, success_codes=range(256))


class FixtureItem(pytest.Item):
    """An item with fixtures, the way pytest's own doctest items have them (the names `_request` and `_initrequest`
    are what pytest's runner looks for): autouse and usefixtures fixtures are set up before it runs, and its
    request gives any other fixture by name."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._fixtureinfo = self.session._fixturemanager.getfixtureinfo(node=self, func=None, cls=None)
        self.fixturenames = self._fixtureinfo.names_closure
        self._initrequest()

    def _initrequest(self) -> None:
        self.funcargs: dict[str, object] = {}
        self._request = TopRequest(self, _ispytest=True)  # type: ignore[arg-type]

    def setup(self) -> None:
        self._request._fillfixtures()
