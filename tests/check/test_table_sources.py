"""The generator of data/docker-history.json reads each format Docker's reference pages came in (excerpts written
here in those formats), hidden flags from Go sources, and folds releases into availability ranges."""

from __future__ import annotations

import subprocess

from docktest.check import docker_versions
from docktest.check.table_sources import go_flags, reference_pages
from docktest.check.table_sources.__main__ import _unpaged_group
from docktest.check.table_sources.history_tree import History
from docktest.check.table_sources.reference_pages import Page

# docker/cli up to 20.10: the command's --help pasted into a fenced block (a quoted example of another command's help
# further down must not be taken for this page's)
OLD_PAGE = """# network create

```markdown
Usage:	docker network create [OPTIONS] NETWORK

Create a network

Options:
      --attachable           Enable manual container attachment
  -d, --driver string        Driver to manage the Network (default "bridge")
      --help                 Print usage
      --ipam-opt value       Set IPAM driver specific options (default map[])
```

## Examples

```console
$ docker run --help
Usage: docker run [OPTIONS] IMAGE [COMMAND] [ARG...]

Options:
      --add-host value     Add a custom host-to-IP mapping
```
"""

OLD_GROUP = """# image

```markdown
Usage:  docker image COMMAND

Manage images

Options:
      --help   Print usage

Commands:
  build       Build an image from a Dockerfile
  ls          List images

Run 'docker image COMMAND --help' for more information on a command.
```
"""

# docker/cli from 23.0 and buildx: tables generated between markers (the Type column empty or `bool` for a switch)
NEW_PAGE = """# images

<!---MARKER_GEN_START-->
List images

### Aliases

`docker image ls`, `docker image list`, `docker images`

### Options

| Name                                   | Type     | Default | Description                |
|:---------------------------------------|:---------|:--------|:---------------------------|
| `-a`, `--all`                          | `bool`   |         | Show all images            |
| [`-f`](#filter), [`--filter`](#filter) | `filter` |         | Filter output \\| see below |
| `--tree`                               |          |         | List images as a tree      |


<!---MARKER_GEN_END-->
"""

# buildx 0.6: no Type column, the type written after the long flag, aliases without the parent
EARLY_BUILDX_PAGE = """# buildx build

```
docker buildx build [OPTIONS] PATH | URL | -
```

<!---MARKER_GEN_START-->
Start a build

### Aliases

`build`, `b`

### Options

| Name | Description |
| --- | --- |
| [`-f`](#file), [`--file string`](#file) | Name of the Dockerfile |
| [`--load`](#load) | Shorthand for --output=type=docker |

<!---MARKER_GEN_END-->
"""

REFERENCE_YAML = """command: docker compose up
usage: docker compose up [OPTIONS] [SERVICE...]
aliases: docker compose up, docker compose start-all
options:
    - option: detach
      shorthand: d
      value_type: bool
    - option: scale
      value_type: stringArray
      hidden: true
inherited_options:
    - option: dry-run
      value_type: bool
"""

GO_SOURCE = """package container

func addFlags(flags *pflag.FlagSet) *containerOptions {
	flags.Var(&copts.netMode, "network", "Connect a container to a network")
	flags.Var(&copts.netMode, "net", "Connect a container to a network")
	flags.MarkHidden("net")
	flags.BoolVarP(&copts.tty, "tty", "t", false, "Allocate a pseudo-TTY")
	flags.StringVarP(&copts.user, "user", "u", "", "Username or UID")
}
"""


def test_an_old_page_is_read_from_its_own_help_text():
    page = reference_pages.markdown_page(OLD_PAGE, ("network", "create"))
    assert page.flags == {"--attachable": False, "--driver": True, "-d": True, "--ipam-opt": True}
    assert page.shorthands == {"-d": "--driver"}
    assert page.usage == ["docker network create [OPTIONS] NETWORK"]


def test_another_commands_help_quoted_in_a_page_is_not_the_pages_own():
    quoted_only = OLD_PAGE.split("## Examples", 1)[1]
    assert reference_pages.markdown_page(quoted_only, ()) is None


def test_an_old_group_page_lists_its_subcommands():
    assert reference_pages.markdown_page(OLD_GROUP, ("image",)).children == ["build", "ls"]


def test_a_generated_page_gives_flags_their_types_and_aliases_under_the_same_parent():
    page = reference_pages.markdown_page(NEW_PAGE, ("image", "ls"))
    assert page.flags == {"-a": False, "--all": False, "-f": True, "--filter": True, "--tree": False}
    assert page.shorthands == {"-a": "--all", "-f": "--filter"}
    assert page.aliases == ["list"]  # `docker images` is another parent's


def test_an_early_buildx_page_takes_types_from_the_flag_names():
    page = reference_pages.markdown_page(EARLY_BUILDX_PAGE, ("buildx", "build"))
    assert page.flags == {"-f": True, "--file": True, "--load": False}
    assert page.aliases == ["b"]
    assert page.usage == ["docker buildx build [OPTIONS] PATH | URL | -"]


def test_reference_yaml_gives_options_hidden_and_inherited_ones_too():
    page = reference_pages.yaml_page(reference_pages.yaml_documents(REFERENCE_YAML)[0])
    assert page.path == ("compose", "up")
    assert page.flags == {"--detach": False, "-d": False, "--scale": True, "--dry-run": False}
    assert page.aliases == ["start-all"]


def test_hidden_flags_come_from_the_go_source_with_their_shorthands_and_values():
    assert go_flags.hidden_flags(GO_SOURCE) == {"--net": True}
    documented = {("run",): {"--network": True, "--tty": True, "--user": True, "--rm": False},
                  ("service", "create"): {"--network": True, "--mode": True, "--replicas": True, "--tty": True,
                                          "--user": True, "--env": True, "--label": True, "--name": True}}
    assert go_flags.owners(GO_SOURCE, documented) == [("run",)]


def test_releases_fold_into_ranges_and_a_flag_as_long_as_its_command_says_nothing_more():
    history = History({"cli": ["17.06", "20.10", "23.0", "28.0"]})
    history.add("cli", "17.06", Page(("search",), {"--stars": True, "--limit": True}))
    history.add("cli", "20.10", Page(("search",), {"--stars": True, "--limit": True}))
    history.add("cli", "23.0", Page(("search",), {"--limit": True}))
    history.add("cli", "28.0", Page(("search",), {"--limit": True, "--sort": False}))
    node = history.tree()["c"]["search"]
    assert node == {"v": "cli 17.06-", "f": {"--limit": "=", "--sort": "cli 28.0-", "--stars": "=cli 17.06-23.0"}}
    assert docker_versions.flag_spec(node, "--stars") == (True, "cli 17.06-23.0")
    assert docker_versions.flag_spec(node, "--limit") == (True, "cli 17.06-")


def test_a_group_whose_usage_takes_arguments_is_marked_so():
    history = History({"buildx": ["0.20"]})
    history.add("buildx", "0.20", Page((), usage=["docker [OPTIONS] COMMAND [ARG...]"], children=["history"]))
    history.add("buildx", "0.20", Page(("history",), usage=["docker buildx history [OPTIONS] COMMAND"],
                                       children=["inspect"]))
    history.add("buildx", "0.20", Page(("history", "inspect"), usage=["docker buildx history inspect [OPTIONS] [REF]"],
                                       children=["attachment"]))
    history.add("buildx", "0.20", Page(("history", "inspect", "attachment")))
    root = history.tree()
    group = root["c"]["history"]
    assert "p" not in root and "p" not in group and group["c"]["inspect"]["p"] == 1  # after COMMAND: its arguments


# docker/cli 18.09-19.03: `docker engine`, a command group no reference page documents, defined in Go only
ENGINE_GROUP = {
    "cmd.go": 'cmd := &cobra.Command{\n\tUse:   "engine COMMAND",\n\tShort: "Manage the docker engine",\n}\n',
    "activate.go": 'cmd := &cobra.Command{\n\tUse:   "activate [OPTIONS]",\n}\nflags := cmd.Flags()\n'
                   'flags.StringVar(&options.licenseFile, "license", "", "License File")\n'
                   'flags.BoolVar(&options.quiet, "quiet", false, "Only display available licenses by ID")\n',
    "auth.go": "func retrieveAuth() {}\n",
    "activate_test.go": 'cmd := &cobra.Command{\n\tUse:   "not-a-command",\n}\n',
}


def test_a_group_no_page_documents_is_read_from_its_go_sources(tmp_path):
    work = tmp_path / "work"
    (work / "cli/command/engine").mkdir(parents=True)
    for name, text in ENGINE_GROUP.items():
        (work / "cli/command/engine" / name).write_text(text)
    git = ["git", "-C", str(work), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run(["git", "init", "-q", str(work)], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "engine"], check=True)
    subprocess.run([*git, "tag", "v19.03.0"], check=True)
    pages = _unpaged_group(work / ".git", "v19.03.0", ("components/cli/cli/command/engine", "cli/command/engine"),
                           "engine")
    assert sorted((page.path, page.flags, page.usage) for page in pages) == [
        (("engine",), {}, ["docker engine COMMAND"]),
        (("engine", "activate"), {"--license": True, "--quiet": False}, ["docker engine activate [OPTIONS]"])]
    assert _unpaged_group(work / ".git", "v19.03.0", ("cli/command/plugin",), "plugin") == []
