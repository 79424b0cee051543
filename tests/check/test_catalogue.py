"""Real programs the sandbox lacks are notes, typos stay errors: the catalogue, its provenance and its generator."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from checked_page import check, check_text
from docktest import programs
from docktest.check import catalogue_sources
from docktest.check.rules import check_page
from docktest.extract.markdown import extract_page
from docktest.report.formats import format_findings


NOTE = "the run fails unless the page installs it"


@pytest.mark.parametrize("code, expected", [
    ("git clone https://github.com/docker/getting-started.git",
     f"p.md:2: note: 'git' is a real program but not in the sandbox (Debian package git): {NOTE} [not-in-sandbox]"),
    ("kubectl get pods", f"p.md:2: note: 'kubectl' is a real program but not in the sandbox (Debian package kubectl): "
                         f"{NOTE} [not-in-sandbox]"),
    ("sudo npm install",
     f"p.md:2: note: 'npm' is a real program but not in the sandbox (Debian package npm): {NOTE} [not-in-sandbox]"),
    ("node app.js",
     f"p.md:2: note: 'node' is a real program but not in the sandbox (Debian package nodejs): {NOTE} [not-in-sandbox]"),
    ("helm install my-release ./chart",
     f"p.md:2: note: 'helm' is a real program but not in the sandbox (https://helm.sh): {NOTE} [not-in-sandbox]"),
    # heldout-8: AWS's Finch container CLI, not Debian's chat client of the same name; the JDK's jlink
    ("finch compose up", f"p.md:2: note: 'finch' is a real program but not in the sandbox (https://runfinch.com): "
                         f"{NOTE} [not-in-sandbox]"),
    ("jlink --add-modules java.base --output /jre", f"p.md:2: note: 'jlink' is a real program but not in the sandbox "
                                                    f"(Debian package default-jdk-headless): {NOTE} [not-in-sandbox]"),
    ("fnich compose up", "p.md:2: error: unknown command 'fnich' (did you mean 'finch'?) [unknown-command]"),
    # heldout-15: Drone's exec runner (installed by the page from its release), Google's browser (its own .deb)
    ("drone-runner-exec service install", "p.md:2: note: 'drone-runner-exec' is a real program but not in the sandbox "
                                          f"(https://docs.drone.io/runner/exec/installation/linux/): {NOTE} [not-in-sandbox]"),
    ("google-chrome localhost:3000", "p.md:2: note: 'google-chrome' is a real program but not in the sandbox "
                                     f"(https://www.google.com/chrome/): {NOTE} [not-in-sandbox]"),
    ("vercel deploy",
     f"p.md:2: note: 'vercel' is a real program but not in the sandbox (npm package vercel): {NOTE} [not-in-sandbox]"),
    # Debian's figlet package installs figlet-figlet and registers `figlet` with update-alternatives
    ("figlet -f script hello",
     f"p.md:2: note: 'figlet' is a real program but not in the sandbox (Debian package figlet): {NOTE} [not-in-sandbox]"),
    ("dart create -t server-shelf myserver", f"p.md:2: note: 'dart' is a real program but not in the sandbox "
                                             f"(https://dart.dev/tools/dart-tool): {NOTE} [not-in-sandbox]"),
    # programs of other vendors and distributions (heldout-3): Docker's CNAB tool, RHEL's yum-utils
    ("docker-app deploy wordpress", f"p.md:2: note: 'docker-app' is a real program but not in the sandbox "
                                    f"(https://github.com/docker/app): {NOTE} [not-in-sandbox]"),
    ("yum-config-manager --add-repo x.repo", f"p.md:2: note: 'yum-config-manager' is a real program but not in the "
                                             f"sandbox (https://github.com/rpm-software-management/yum-utils): "
                                             f"{NOTE} [not-in-sandbox]"),
    # heldout-4: containerd's rootless scripts (shipped with nerdctl), GitLab Omnibus's rake, Nacos's installer
    ("containerd-rootless-setuptool.sh install-buildkit-containerd",
     "p.md:2: note: 'containerd-rootless-setuptool.sh' is a real program but not in the sandbox "
     f"(https://github.com/containerd/nerdctl/blob/main/docs/rootless.md): {NOTE} [not-in-sandbox]"),
    ("gitlab-rake gitlab:check", "p.md:2: note: 'gitlab-rake' is a real program but not in the sandbox "
                                 f"(https://docs.gitlab.com/administration/raketasks/): {NOTE} [not-in-sandbox]"),
    # heldout-6: NVIDIA's container toolkit and module loader on the host, LinuxServer.io's installer in its images
    ("sudo nvidia-ctk runtime configure --runtime=docker",
     "p.md:2: note: 'nvidia-ctk' is a real program but not in the sandbox "
     f"(https://github.com/NVIDIA/nvidia-container-toolkit): {NOTE} [not-in-sandbox]"),
    ("proot-apps install filezilla", "p.md:2: note: 'proot-apps' is a real program but not in the sandbox "
                                     f"(https://github.com/linuxserver/proot-apps): {NOTE} [not-in-sandbox]"),
    # heldout-7: Azure Linux's package manager, conda's and Jupyter images' tools, OpenShift's S2I, Oracle sharding
    ("tdnf install -y tzdata", f"p.md:2: note: 'tdnf' is a real program but not in the sandbox "
                               f"(https://github.com/vmware/tdnf): {NOTE} [not-in-sandbox]"),
    ("mamba install --yes humanize", "p.md:2: note: 'mamba' is a real program but not in the sandbox "
                                     f"(https://mamba.readthedocs.io/en/latest/user_guide/mamba.html): {NOTE} "
                                     "[not-in-sandbox]"),
    ('fix-permissions "${CONDA_DIR}"', "p.md:2: note: 'fix-permissions' is a real program but not in the sandbox "
                                       "(https://github.com/jupyter/docker-stacks/blob/main/images/"
                                       f"docker-stacks-foundation/fix-permissions): {NOTE} [not-in-sandbox]"),
    ("gdsctl show ddl -count 50", "p.md:2: note: 'gdsctl' is a real program but not in the sandbox (https://docs."
                                  "oracle.com/en/database/oracle/oracle-database/19/gsmug/gdsctl-reference.html): "
                                  f"{NOTE} [not-in-sandbox]"),
    ("winget install Docker.DockerDesktop",
     "p.md:2: note: 'winget' is a Windows program: the sandbox (Debian Linux) cannot run it (mark the block `skip`) "
     "[not-in-sandbox]"),
    # a Windows program by its extension (heldout-4: Nacos's shutdown.cmd under "### Windows")
    ("shutdown.cmd", "p.md:2: note: 'shutdown.cmd' is a Windows program: the sandbox (Debian Linux) cannot run it "
                     "(mark the block `skip`) [not-in-sandbox]"),
    ("Get-ChildItem -Path .", "p.md:2: note: 'Get-ChildItem' is a PowerShell command: the sandbox (Debian Linux) "
                              "cannot run it (tag the block `powershell`, or mark it `skip`) [not-in-sandbox]"),
    # heldout-9 (Trivy's install page, a page editing ~/.zshrc): mise, FreeBSD's pkg, zsh's completion system
    ("mise install trivy@latest", f"p.md:2: note: 'mise' is a real program but not in the sandbox (https://mise.jdx.dev): "
                                  f"{NOTE} [not-in-sandbox]"),
    ("pkg install trivy", "p.md:2: note: 'pkg' is a FreeBSD program: the sandbox (Debian Linux) cannot run it "
                          "(mark the block `skip`) [not-in-sandbox]"),
    ("compdef _trivy trivy", "p.md:2: note: 'compdef' is zsh's own command: the page's bash cannot run it "
                             "(mark the block `skip`) [not-in-sandbox]"),    # heldout-10: SQL Server's tools on Linux, Quarto, File Browser's CLI inside its pod
    ("sqlcmd -S localhost -U SA -Q 'SELECT @@VERSION'",
     "p.md:2: note: 'sqlcmd' is a real program but not in the sandbox "
     f"(https://learn.microsoft.com/sql/tools/sqlcmd/sqlcmd-utility): {NOTE} [not-in-sandbox]"),
    ("adutil user create --name sqluser", "p.md:2: note: 'adutil' is a real program but not in the sandbox "
     f"(https://learn.microsoft.com/sql/linux/sql-server-linux-ad-auth-adutil-introduction): {NOTE} [not-in-sandbox]"),
    ("azdata --version", "p.md:2: note: 'azdata' is a real program but not in the sandbox "
     f"(https://learn.microsoft.com/sql/azdata/install/deploy-install-azdata): {NOTE} [not-in-sandbox]"),
    ("quarto preview", f"p.md:2: note: 'quarto' is a real program but not in the sandbox (https://quarto.org): "
                       f"{NOTE} [not-in-sandbox]"),
    ("filebrowser users add ana secret", "p.md:2: note: 'filebrowser' is a real program but not in the sandbox "
                                         f"(https://filebrowser.org): {NOTE} [not-in-sandbox]"),
    # heldout-14: the Ruby version manager, and Teleport's client
    ("rvm install 3.2", f"p.md:2: note: 'rvm' is a real program but not in the sandbox (https://rvm.io): {NOTE} "
                        "[not-in-sandbox]"),
    ("tsh login --proxy=teleport.example.com", "p.md:2: note: 'tsh' is a real program but not in the sandbox "
     f"(https://goteleport.com/docs/reference/cli/tsh/): {NOTE} [not-in-sandbox]"),
])
def test_real_programs_the_sandbox_lacks_are_notes(code: str, expected: str) -> None:
    assert check(code) == [expected]


@pytest.mark.parametrize("code, expected", [
    ("doccker ps", "p.md:2: error: unknown command 'doccker' (did you mean 'docker'?) [unknown-command]"),
    ("gti status", "p.md:2: error: unknown command 'gti' (did you mean 'git'?) [unknown-command]"),
    ("kubeclt get pods", "p.md:2: error: unknown command 'kubeclt' (did you mean 'kubectl'?) [unknown-command]"),
    ("dcoker ps", "p.md:2: error: unknown command 'dcoker' (did you mean 'docker'?) [unknown-command]"),
    ("get-childitem", "p.md:2: error: unknown command 'get-childitem' [unknown-command]"),  # PowerShell is written Verb-Noun
    ("xq7z", "p.md:2: error: unknown command 'xq7z' [unknown-command]"),
    ("miseinstall trivy", "p.md:2: error: unknown command 'miseinstall' [unknown-command]"),
    ("nacos-setpu -v 3.1.1",
     "p.md:2: error: unknown command 'nacos-setpu' (did you mean 'nacos-setup'?) [unknown-command]"),
    ("shutdown.sh", "p.md:2: error: unknown command 'shutdown.sh' [unknown-command]"),  # a script, not Windows's
    ("proot-app install filezilla",
     "p.md:2: error: unknown command 'proot-app' (did you mean 'proot-apps'?) [unknown-command]"),
    ("figlte -f script hello", "p.md:2: error: unknown command 'figlte' (did you mean 'figlet'?) [unknown-command]"),
    ("drone-runner-exce service start",
     "p.md:2: error: unknown command 'drone-runner-exce' (did you mean 'drone-runner-exec'?) [unknown-command]"),
    ("gogle-chrome localhost:3000",
     "p.md:2: error: unknown command 'gogle-chrome' (did you mean 'google-chrome'?) [unknown-command]"),
    ("yum-config-manger --add-repo x.repo",
     "p.md:2: error: unknown command 'yum-config-manger' (did you mean 'yum-config-manager'?) [unknown-command]"),
    ("mambda install x", "p.md:2: error: unknown command 'mambda' (did you mean 'mamba'?) [unknown-command]"),
    ("fix-permision /opt",
     "p.md:2: error: unknown command 'fix-permision' (did you mean 'fix-permissions'?) [unknown-command]"),
    ("aptget install -y curl", "p.md:2: error: unknown command 'aptget' (did you mean 'apt-get'?) [unknown-command]"),
    ("pyhton app.py", "p.md:2: error: unknown command 'pyhton' (did you mean 'python'?) [unknown-command]"),    ("sqlcdm -S localhost", "p.md:2: error: unknown command 'sqlcdm' (did you mean 'sqlcmd'?) [unknown-command]"),
    ("rvmm use 3.2", "p.md:2: error: unknown command 'rvmm' (did you mean 'rvm'?) [unknown-command]"),
])
def test_typos_stay_errors_with_did_you_mean_against_real_names(code: str, expected: str) -> None:
    assert check(code) == [expected]


@pytest.mark.parametrize("code", ["docker.io/rocker/rstudio R", "ghcr.io/org/app:1.2 sh", "localhost:5000/app sh"])
def test_an_image_on_a_registry_is_never_a_program(code: str) -> None:
    # heldout-10 (Rocker): the image line of a `podman run` cut short; bash would look for a file by that path
    name = code.split()[0]
    assert check(code) == [f"p.md:2: error: unknown command '{name}': an image, not a program (run it with "
                           "`docker run`) [unknown-command]"]


@pytest.mark.parametrize("code", ["bin/tool --x", "node_modules/.bin/eslint .", "build.d/run.sh", "./app.d/x",
                                  # output rows: `podman images`' table, what kubectl did (heldout-7, heldout-8)
                                  "localhost/oracle/rac-dnsserver      latest       7d2301d7ea53  13 hours ago",
                                  "clusterrole.rbac.authorization.k8s.io/eks-console-full-access created"])
def test_a_relative_path_or_an_output_row_is_no_image_run_as_a_program(code: str) -> None:
    assert [line for line in check(code) if ": error: " in line] == []


def test_an_image_name_alone_is_not_shell() -> None:
    # heldout-2 (container.training): a slide shows what a registry's image name looks like
    assert check("localhost:5000/wordpress") == [
        "p.md:2: warning: this line is not shell but an image name (`name:tag`), in a shell block: "
        "move such lines out of it (they are neither checked nor run) [not-shell]"]


def test_what_the_page_defines_is_no_program_at_all() -> None:
    assert check("kubectl() { echo stub; }\nkubectl get pods\ngti() { git \"$@\"; }\ngti") == [
        f"p.md:4: note: 'git' is a real program but not in the sandbox (Debian package git): {NOTE} [not-in-sandbox]"]


def test_a_program_the_page_installs_is_known_to_the_blocks_after_it() -> None:
    installs = ("```bash\ncurl -LO https://example.com/raw/docker-shell\nchmod +x docker-shell\n"
                "sudo curl -L https://example.com/k -o /usr/local/bin/kompoze\nchmod 644 notes.txt\n```\n")
    uses = "```bash\ndocker-shell ubuntu:disco\nkompoze up\nnotes.txt\ndocker-shel x\n```\n"
    text = installs + uses
    assert check_text(text) == [
        "p.md:10: error: unknown command 'notes.txt' [unknown-command]",  # a file made readable is no program
        "p.md:11: error: unknown command 'docker-shel' (did you mean 'docker-shell'?) [unknown-command]"]
    alone = check_text(uses)
    assert alone[:2] == ["p.md:2: error: unknown command 'docker-shell' [unknown-command]",
                         "p.md:3: error: unknown command 'kompoze' (did you mean 'kompose'?) [unknown-command]"]


def errors(text: str, path: str = "p.md") -> list[str]:
    found = format_findings(check_page(path, text, extract_page(path, text)), "text").splitlines()
    return [line for line in found if ": error: " in line]


def test_a_package_a_package_manager_installs_is_a_program_of_the_blocks_after_it() -> None:
    # heldout-4: `pip install fantasy-talking` above `fantasy-talking --text …`; `go get .` in BuildKit's example folder
    installs = ("```bash\npip install fantasy-talking[ui]==1.2 -r requirements.txt\nnpm install --global @acme/zqlint\n"
                "cargo install ripgrepx\ngo install github.com/acme/tools/cmd/gotool/v2@latest\n```\n")
    uses = "```bash\nfantasy-talking --text hi\nzqlint .\nripgrepx x\ngotool\nrequirements.txt\nfantasy-taking\n```\n"
    assert errors(installs + uses) == [
        "p.md:12: error: unknown command 'requirements.txt' [unknown-command]",  # a requirements file is no program
        # a near miss stays an error, and names what the page installed
        "p.md:13: error: unknown command 'fantasy-taking' (did you mean 'fantasy-talking'?) [unknown-command]"]
    built = "```bash\ngo get .\n\nbuild-using-dockerfile -t myimage /path/to/dir\n```\n"
    assert errors(built, "examples/build-using-dockerfile/README.md") == []
    assert errors(built, "examples/other/README.md") == [
        "examples/other/README.md:4: error: unknown command 'build-using-dockerfile' [unknown-command]"]


def test_go_install_naming_no_package_builds_the_folder_the_block_went_to() -> None:
    # heldout-14 (a Go cheat sheet): `cd $GOPATH/src/github.com/ruanbekker/hello`, `go install`, then `hello`
    built = "```bash\ncd $GOPATH/src/github.com/me/randomnumz\ngo install\nrandomnumz --count 3\n```\n"
    assert errors(built) == []
    # a folder whose name bash expands names no program; another name stays an error
    assert errors(built.replace("me/randomnumz", "$REPO")) == ["p.md:4: error: unknown command 'randomnumz' [unknown-command]"]
    assert errors(built.replace("\nrandomnumz", "\nrandomnumzz")) == [
        "p.md:4: error: unknown command 'randomnumzz' [unknown-command]"]


def test_what_installs_no_program() -> None:
    # npm without -g installs into ./node_modules; `go build` leaves the program in the folder (run it as ./name);
    # a program is known only after the line that installs it
    assert errors("```bash\nnpm install zqlint\nzqlint .\ngo build -o consistenthash .\nconsistenthash x\nfoobarx\ngo install ./foobarx\n"
                "```\n") == ["p.md:3: error: unknown command 'zqlint' [unknown-command]",
                             "p.md:5: error: unknown command 'consistenthash' [unknown-command]",
                             "p.md:6: error: unknown command 'foobarx' [unknown-command]"]


def test_a_page_with_only_notes_passes_check_and_says_how_many(tmp_path: Path) -> None:
    (tmp_path / "p.md").write_text("```bash\njq --version\nkubectl version\n```\n")
    environ = {k: v for k, v in os.environ.items() if not k.startswith("DOCKTEST_")}
    done = subprocess.run([sys.executable, "-m", "docktest", "check", "p.md"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=60, env=environ)
    assert (done.returncode, done.stderr) == (0, "docktest: 1 blocks checked: 0 errors, 0 warnings, 2 notes\n")
    github = subprocess.run([sys.executable, "-m", "docktest", "check", "--format", "github", "p.md"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60, env=environ)
    assert github.stdout.startswith("::notice file=p.md,line=2,title=not-in-sandbox::'jq' is a real program")
    sarif = subprocess.run([sys.executable, "-m", "docktest", "check", "--format", "sarif", "p.md"], cwd=tmp_path,
                           capture_output=True, text=True, timeout=60, env=environ)
    assert {result["level"] for result in json.loads(sarif.stdout)["runs"][0]["results"]} == {"note"}


def test_the_catalogue_says_where_its_names_came_from() -> None:
    header = programs.catalogue().header
    assert header[0].startswith(programs.HEADER)
    for suite in catalogue_sources.SUITES:
        for architecture in catalogue_sources.ARCHITECTURES:
            url = f"{catalogue_sources.MIRROR}/dists/{suite}/main/Contents-{architecture}.gz"
            assert any(line.startswith(f"# Debian {suite} main: {url} (") and "sha256 " in line for line in header)
    assert any(line.startswith("# npm registry: vercel ") and line.endswith("bin: vc vercel") for line in header)
    assert any(line.startswith("# PyPI: uv-") for line in header)
    assert any(line.startswith("# by hand: data/programs-by-hand.tsv") for line in header)


def test_rows_are_sorted_for_bisection_and_hand_rows_name_their_source() -> None:
    rows = programs.catalogue().rows
    assert rows == sorted(rows)
    for name, source in catalogue_sources.hand_rows(catalogue_sources.HAND_LIST.read_text(encoding="utf-8")):
        kind = source.partition(":")[0]
        assert kind in ("https", "deb", "npm", "pypi", "windows", "macos", "freebsd", "zsh", "powershell"), (name, source)
        assert (name == "*") == (kind in ("npm", "pypi")), (name, source)


CONTENTS = """\
bin                                                     admin/base-files
usr/bin/git                                             vcs/git
usr/bin/kubectl                                         admin/kubectl,admin/kubernetes-client
usr/sbin/nginx                                          httpd/nginx-core,httpd/nginx-light
usr/share/doc/git/README.md                             vcs/git
usr/lib/git-core/git-daemon                             vcs/git-daemon-run
usr/share/bash-completion/completions/git               vcs/git
usr/share/zsh/vendor-completions/_kubectl               admin/kubectl
usr/games/sl                                            games/sl
usr/bin/My Program                                      non-free/utils/oddity
"""


def test_the_generator_reads_a_contents_index() -> None:
    found = catalogue_sources.parse_contents(CONTENTS.splitlines(keepends=True))
    assert found.packages == {"git": {"git"}, "kubectl": {"kubectl", "kubernetes-client"},
                              "nginx": {"nginx-core", "nginx-light"}, "sl": {"sl"}}
    assert found.completed == {"git", "kubectl"}
    assert catalogue_sources.debian_package("kubectl", found.packages["kubectl"], {}) == "kubectl"
    assert catalogue_sources.debian_package("nginx", found.packages["nginx"], {}) == "nginx-core"
    entries = catalogue_sources.merge([found], {"yarn": "npm:yarn"}, {"sl": "https://example.org/sl"})
    assert entries["git"] == ("deb:git", True) and entries["nginx"] == ("deb:nginx-core", False)
    assert entries["sl"] == ("https://example.org/sl", True)  # by hand wins over Debian's namesake
    rendered = catalogue_sources.render(entries, ["Debian test main: an excerpt"]).splitlines()
    assert rendered[0].startswith(programs.HEADER) and rendered[2] == "# Debian test main: an excerpt"
    assert rendered[3:] == ["git\tdeb:git\t+", "kubectl\tdeb:kubectl\t+", "nginx\tdeb:nginx-core",
                            "sl\thttps://example.org/sl\t+", "yarn\tnpm:yarn\t+"]


PACKAGES = """\
Package: finit-sysv
Version: 4.10-1
Priority: optional

Package: systemd-sysv
Priority: important
Section: admin

Package: golang-go
Priority: optional

Package: gccgo-go
Priority: optional
"""


def test_the_generator_names_the_most_basic_package_for_a_hint() -> None:
    priorities = catalogue_sources.parse_priorities(PACKAGES.splitlines(keepends=True))
    assert priorities == {"finit-sysv": "optional", "systemd-sysv": "important", "golang-go": "optional",
                          "gccgo-go": "optional"}
    assert catalogue_sources.debian_package("reboot", {"finit-sysv", "systemd-sysv"}, priorities) == "systemd-sysv"
    assert catalogue_sources.debian_package("go", {"gccgo-go", "golang-go"}, priorities) == "golang-go"


def test_the_hand_list_merges_into_the_catalogue_without_a_fetch() -> None:
    current = (f"{programs.HEADER} 2026-01-02 by `python -m docktest.check.catalogue_sources`; do not edit.\n"
               "# Columns: …\n# Debian test main: an excerpt\n# by hand: data/programs-by-hand.tsv, 1 rows\n"
               "git\tdeb:git\t+\nsl\thttps://example.org/old\t+\nzz\tdeb:zz\n")
    merged = catalogue_sources.remerge(current, {"sl": "https://example.org/sl", "Get-*": "powershell"})
    lines = merged.splitlines()
    assert lines[2:] == ["# Debian test main: an excerpt",
                         "# by hand: data/programs-by-hand.tsv, 2 rows (each with its source); merged with --hand-list "
                         "into the rows above as read on 2026-01-02",
                         "Get-*\tpowershell", "git\tdeb:git\t+", "sl\thttps://example.org/sl\t+", "zz\tdeb:zz"]
    assert catalogue_sources.remerge(merged, {"sl": "https://example.org/sl"}).splitlines()[3].endswith("2026-01-02")


# heldout-11 (ml-workspace's README): venv's `activate` defines `deactivate`
@pytest.mark.parametrize("code, line", [
    ("python -m venv my-venv\nsource ./my-venv/bin/activate\npip list\ndeactivate", 5),
    (". venv/bin/activate\ndeactivate", 3),
])
def test_a_name_after_a_sourced_script_is_a_note(code: str, line: int) -> None:
    shown = [row for row in check(code) if "deactivate" in row]
    sourced = "./my-venv/bin/activate" if "my-venv" in code else "venv/bin/activate"
    assert shown == [f"p.md:{line}: note: 'deactivate' may be defined by the sourced `{sourced}`: a function or alias "
                     "a script defines is a command only after it runs [sourced-name]"]


def test_a_script_sourced_in_an_earlier_block_counts_for_the_blocks_after_it() -> None:
    text = "```bash\nsource env.sh\n```\n\n```bash\nsetup_env\n```\n"
    assert check_text(text) == [
        "p.md:6: note: 'setup_env' may be defined by the sourced `env.sh`: a function or alias a script defines is a "
        "command only after it runs [sourced-name]"]


@pytest.mark.parametrize("code, expected", [
    # a typo stays an error after a `source`
    ("source venv/bin/activate\ndoccker ps",
     "p.md:3: error: unknown command 'doccker' (did you mean 'docker'?) [unknown-command]"),
    # before the `source`, nothing defines the name
    ("deactivate\nsource venv/bin/activate", "p.md:2: error: unknown command 'deactivate' [unknown-command]"),
])
def test_a_sourced_script_excuses_no_typo_and_nothing_before_it(code: str, expected: str) -> None:
    assert check(code) == [expected]


# heldout-11 (frappe_docker's setup examples): a comment for elided `-f` lines between `\` lines
def test_a_comment_line_that_ends_a_continuation_is_named_in_the_error() -> None:
    code = "docker compose --env-file .env \\\n  -f compose.yaml \\\n  # ... your other overrides\n  config > x.yaml"
    assert check(code) == ["p.md:5: error: unknown command 'config' (a comment line ends the `\\` continuation above: "
                           "bash runs this line as a command of its own) [unknown-command]"]


def test_a_comment_after_a_finished_command_says_nothing_of_continuations() -> None:
    assert check("docker ps\n# next\nconfig") == ["p.md:4: error: unknown command 'config' [unknown-command]"]


HINT = ("; used {n} times on this page: if it is a tool your readers install, list it in `[tool.docktest] "
        "known-commands` (or the MkDocs plugin's option)")


# heldout-11 (OpenFaaS' docs): the site's own CLI on every line of a page
def test_a_name_used_three_times_on_a_page_says_once_how_to_list_it() -> None:
    text = "```bash\nfaas-cli build\nfaas-cli push\n```\n\n```bash\nfaas-cli deploy\n```\n"
    shown = check_text(text)
    assert shown == [f"p.md:2: error: unknown command 'faas-cli'{HINT.format(n=3)} [unknown-command]",
                     "p.md:3: error: unknown command 'faas-cli' [unknown-command]",
                     "p.md:7: error: unknown command 'faas-cli' [unknown-command]"]


@pytest.mark.parametrize("code, expected", [
    # twice is no pattern
    ("faas-cli build\nfaas-cli push", "p.md:2: error: unknown command 'faas-cli' [unknown-command]"),
    # one edit from a known program: a typo, however often
    ("doccker ps\ndoccker images\ndoccker rm x",
     "p.md:2: error: unknown command 'doccker' (did you mean 'docker'?) [unknown-command]"),
])
def test_no_hint_for_a_name_used_twice_or_a_repeated_typo(code: str, expected: str) -> None:
    assert check(code)[0] == expected


def test_a_flag_left_first_three_times_gets_no_known_commands_hint() -> None:
    # korean-notes (a swarm page): a comment after `\\` ends the command, the next flag is left first
    block = "```bash\ndocker service create \\\n  --replicas 6 \\  # six\n  --update-delay 10s \\\n  nginx\n```\n\n"
    text = block * 3
    shown = check_text(text)
    flagged = [row for row in shown if "'--update-delay'" in row]
    assert len(flagged) == 3 and not any("known-commands" in row for row in flagged)


LISTED = ("is in no catalogue of programs, but the page names it (`{n}`): a tool the reader installs, which the "
          "sandbox lacks; if so, list it in `[tool.docktest] known-commands` (or the MkDocs plugin's option) "
          "[unlisted-program]")


# heldout-11 (OpenFaaS' and Frappe's docs), heldout-6 (docker-mailserver's `setup`): the site's own CLI, which the
# page introduces in its prose
@pytest.mark.parametrize("prose, code, name", [
    ("Install the `faas-cli` first.", "faas-cli deploy -f stack.yml", "faas-cli"),
    ("`bench new-site mysite` 로 사이트를 만듭니다.", "bench new-site mysite", "bench"),
])
def test_a_program_the_prose_names_in_code_is_a_note(prose: str, code: str, name: str) -> None:
    text = f"{prose}\n\n```bash\n{code}\n```\n"
    shown = check_text(text)
    assert shown == [f"p.md:4: note: '{name}' {LISTED.format(n=name)}"]


@pytest.mark.parametrize("prose, code, expected", [
    # named in the prose, but one edit from docker: a typo in both places
    ("`dokcer` 를 실행합니다.", "dokcer ps",
     "p.md:4: error: unknown command 'dokcer' (did you mean 'docker'?) [unknown-command]"),
    # a typo of the tool the page names: did you mean the page's tool
    ("Install the `faas-cli` first.", "faas-clu deploy",
     "p.md:4: error: unknown command 'faas-clu' (did you mean 'faas-cli'?) [unknown-command]"),
    # named in plain prose only, or capitalised like a sentence's word: no evidence
    ("Install faas-cli first.", "faas-cli deploy", "p.md:4: error: unknown command 'faas-cli' [unknown-command]"),
    ("Gradle prints `Task` lines.", "Task :compileJava", "p.md:4: error: unknown command 'Task' [unknown-command]"),
])
def test_a_page_naming_a_name_excuses_no_typo_and_needs_code(prose: str, code: str, expected: str) -> None:
    text = f"{prose}\n\n```bash\n{code}\n```\n"
    shown = check_text(text)
    assert shown[0] == expected


SLOT = "```shell-session\n$ docker compose exec webserver <command> <arguments>\n```\n\n"


# heldout-9 (paperless-ngx's management commands): a synopsis runs `<command>` in a container, and later blocks
# show the commands bare
def test_a_bare_name_after_a_command_slot_synopsis_is_a_note() -> None:
    text = SLOT + "```shell\ndocument_importer source\n```\n"
    shown = [row for row in check_text(text) if "document_importer" in row]
    assert shown == ["p.md:6: note: 'document_importer' is in no catalogue of programs, but the page runs such "
                     "commands in a container (the `<command>` on line 2): the sandbox's shell lacks it; if so, list "
                     "it in `[tool.docktest] known-commands` (or the MkDocs plugin's option) [unlisted-program]"]


@pytest.mark.parametrize("text, expected", [
    # before the synopsis, nothing says where it runs
    ("```shell\ndocument_importer source\n```\n\n" + SLOT,
     "p.md:2: error: unknown command 'document_importer' [unknown-command]"),
    # a typo after it stays a typo
    (SLOT + "```shell\ndokcer ps\n```\n", "p.md:6: error: unknown command 'dokcer' (did you mean 'docker'?) "
                                         "[unknown-command]"),
    # an image placeholder is no command slot
    ("```shell-session\n$ docker run -it <image>\n```\n\n```shell\ndocument_importer source\n```\n",
     "p.md:6: error: unknown command 'document_importer' [unknown-command]"),
])
def test_a_command_slot_excuses_no_typo_and_nothing_before_it(text: str, expected: str) -> None:
    shown = check_text(text)
    assert [row for row in shown if "error" in row] == [expected]


# heldout-13 (a MySQL session in a bash fence): mysql's `source /mall.sql;` runs SQL, it defines no shell name, so a
# typo after it stays an error
def test_a_sql_file_read_by_source_defines_nothing() -> None:
    assert check("source /mall.sql;\nmsyql -u root") == [
        "p.md:3: error: unknown command 'msyql' (did you mean 'mysql'?) [unknown-command]"]
    assert check("source /mall.sql;\nsetup_env") == ["p.md:3: error: unknown command 'setup_env' [unknown-command]"]


def test_a_distributions_alias_is_a_note_and_a_typo_of_it_stays_an_error() -> None:
    # heldout-12 (a Korean developer's blog): `$ ll` as Ubuntu's default ~/.bashrc defines it
    (note,) = check("ll /var/lib/docker/containers")
    assert note == ("p.md:2: note: 'll' is an alias a distribution's default ~/.bashrc defines (Ubuntu's) for "
                    "`ls -alF`: a script's bash and the sandbox's have no such alias, so write `ls -alF` [not-in-sandbox]")
    assert check("lll /var/lib/docker") == ["p.md:2: error: unknown command 'lll' [unknown-command]"]


# heldout-12, -13 (a Korean blog's ELK and JVM labs, course notes on AWS): Elastic's Beats, the JDK's tools that
# Debian registers with update-alternatives, Amazon Linux's own installer
@pytest.mark.parametrize("code, source", [
    ("filebeat -e -c filebeat.yml", "https://www.elastic.co/beats/filebeat"),
    ("jstat -gcutil 1 1000", "Debian package default-jdk-headless"),
    ("sudo amazon-linux-extras install docker", "https://docs.aws.amazon.com/linux/al2/ug/al2-extras.html"),
])
def test_more_real_programs_are_notes_naming_their_source(code: str, source: str) -> None:
    name = code.removeprefix("sudo ").split()[0]
    assert check(code) == [f"p.md:2: note: '{name}' is a real program but not in the sandbox ({source}): {NOTE} "
                           "[not-in-sandbox]"]


def test_a_typo_of_a_beat_stays_an_error() -> None:
    assert check("filebeet -e") == ["p.md:2: error: unknown command 'filebeet' (did you mean 'filebeat'?) "
                                    "[unknown-command]"]
