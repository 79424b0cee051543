"""A script block that opens a shell in a container (`docker run -it … sh`) and then types into it: extraction hands
the runner the host's commands only, with one note; the host's bash never gets the container's lines."""

from __future__ import annotations

from docktest.extract.markdown import parse_page


def read(code: str):
    page = parse_page("p.md", f"```bash\n{code}\n```\n")
    (snippet,) = page.snippets
    return [(c.line, c.text) for c in snippet.commands], [(f.line, f.severity, f.rule) for f in page.findings]


def test_lines_typed_into_the_container_up_to_exit_are_not_run_on_the_host():
    commands, findings = read("docker run --rm -it microsoft/nanoserver:1803 powershell\nGet-Process\nexit\n"
                              "docker ps")
    assert commands == [(2, "docker run --rm -it microsoft/nanoserver:1803 powershell"), (5, "docker ps")]
    assert findings == [(3, "note", "inside-container")]


def test_without_exit_the_container_gets_the_rest_of_the_block_up_to_a_host_command():
    commands, findings = read("docker run -it --rm \\\n  alpine sh\n# 컨테이너 내부에서\napk add curl\n\n"
                              "# 새 터미널에서\ndocker diff web")
    assert commands == [(2, "docker run -it --rm \\\n  alpine sh"), (8, "docker diff web")]
    assert findings == [(4, "note", "inside-container")]


def test_a_container_command_that_opens_no_shell_leaves_the_block_alone():
    for code in ("docker run -it --rm alpine echo hi\napk add curl", "docker exec -it web sh -c 'ls'\nls",
                 "docker exec -i db psql < dump.sql\nls", "docker run -d nginx sh\nls"):
        commands, findings = read(code)
        assert len(commands) == 2 and findings == []


def test_a_script_file_runs_its_later_lines_on_the_host():
    commands, findings = read("#!/bin/sh\ndocker run -it ubuntu bash -l\ndocker commit web app")
    assert [line for line, _ in commands] == [3, 4] and findings == []


def test_lines_typed_into_another_users_shell_are_neither_checked_nor_run():
    # heldout-7 (Oracle RAC): `su - grid`, then a transcript at grid's prompt, in a bash fence
    commands, findings = read("su - grid\n#Verify the cluster:\n[grid@racnodep1 ~]$ crsctl check cluster -all\n"
                              "CRS-4537: Cluster Ready Services is online\n[grid@racnodep1 ~]$ olsnodes -n\n"
                              "racnodep1       1")
    assert commands == [(2, "su - grid")]
    assert findings == [(3, "note", "user-shell")]
    commands, findings = read("sudo su - oracle\nsrvctl status database -d ORCLCDB\nexit\ndocker ps")
    assert commands == [(2, "sudo su - oracle"), (5, "docker ps")] and findings == [(3, "note", "user-shell")]


def test_su_that_runs_one_command_or_opens_roots_shell_leaves_the_block_alone():
    for code in ("su -c 'make install' builder\nls", "sudo su -\napt-get update", "su root\nls",
                 "sudo -u app whoami\nls"):
        commands, findings = read(code)
        assert len(commands) == 2 and findings == [], code
