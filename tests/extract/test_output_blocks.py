"""A shell block that holds output and no command (issue 16, item 2): a tutorial runs a command in one block and
shows what it prints in the next, tagged like the first. One warning, nothing checked or run; commands stay commands."""

from __future__ import annotations

import pytest
from test_transcripts import check, commands, fence  # the same page helpers: a fence, its commands, its findings

WHOLE = ("p.md:2: warning: this block is output (or a file's content) with no command: tag it ```text, or show it "
         "under its command in a ```console block with `$ ` prompts (nothing in it is checked or run) [output-in-script]")


# Excerpts of the shapes heldout-5 shows after a command block (docker-ko's workshop, IBM's Docker 101 labs)
@pytest.mark.parametrize("output", [
    # `docker compose up -d`: its first line is no program's, the rest is Compose's progress
    "Running 5/5\n✔ Network nginx-nodejs-redis_default    Created           0.0s\n"
    "✔ Container nginx-nodejs-redis-web1-1   Started           0.1s",
    # Compose v1 aligns its dots
    'Creating network "app_default" with the default driver\nCreating app_app_1   ... done\nCreating app_mysql_1 ... done',
    # `docker compose logs -f`: each line behind its container's name and a bar
    "mysql-1  | 2023-01-01 12:34:56+00:00 [Note] [Entrypoint]: Entrypoint script for MySQL Server started.\n"
    "app-1    | yarn install v1.22.19\napp-1    | [1/4] Resolving packages...",
    # psql's table: `id` is a program, but the rule under it makes the row a header
    "id | description\n----+-------------\n1 | Finish work\n2 | Have fun\n(2 rows)",
    # dig's answer
    "; <<>> DiG 9.18.8 <<>> mysql\n;; global options: +cmd\n;; ANSWER SECTION:\nmysql.\t\t\t600\tIN\tA\t172.23.0.2",
    # top's screen: `top` is a program, but `top - 20:32:46 up …` is what it prints
    "top - 20:32:46 up 3 days, 17:40,  0 users,  load average: 0.00, 0.01, 0.00\n"
    "Tasks:   1 total,   1 running,   0 sleeping,   0 stopped,   0 zombie\n\n"
    "PID USER      PR  NI    VIRT    RES    SHR S  %CPU %MEM     TIME+ COMMAND\n"
    "    1 root      20   0   36636   3072   2640 R   0.3  0.2   0:00.04 top",
    # what `curl localhost:8080` prints: a CSS rule's `}` is no group either
    "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n<style>\n    body {\n"
    "        width: 35em;\n    }\n</style>\n</head>",
    # heldout-6 (Eficode's docker-katas): `ls -l` in a container, and Compose v1's `pull` alone
    "total 48\ndrwxr-xr-x    2 root     root          4096 Mar  2 16:20 bin\n"
    "drwxr-xr-x    5 root     root           360 Mar 18 09:47 dev\n-rw-r--r--    1 root     root     0 Mar 18 09:47 .env",
    "Pulling nginx ... done",
    # Docker's own error, alone
    "docker: Error response from daemon: driver failed programming external connectivity on endpoint web \n"
    "(bb242b2ca4d6): Bind for 0.0.0.0:3000 failed: port is already allocated.",
])
def test_a_block_of_output_alone_is_one_warning_and_runs_nothing(output):
    text = fence("bash", output)
    assert check(text) == [WHOLE]
    assert commands(text) == []


def test_a_log_under_its_command_is_output_and_the_command_stays():
    text = fence("bash", "nodemon -L src/index.js\n[nodemon] 2.0.20\n[nodemon] watching path(s): *.*\n"
                         "[nodemon] starting `node src/index.js`\nListening on port 3000")
    assert commands(text) == [(2, "nodemon -L src/index.js")]
    assert [line.rsplit(" ", 1)[1] for line in check(text)] == ["[not-in-sandbox]", "[output-in-script]"]
    assert check(text)[1].startswith("p.md:3: warning: this looks like output")


@pytest.mark.parametrize("code, expected", [
    ("Docker version 27.3.1, build ce12230\ndocker ps", [(3, "docker ps")]),
    # a header's look-alike above real commands: the header is output, the commands run
    ("NAME   IMAGE\ndocker ps\ndocker images", [(3, "docker ps"), (4, "docker images")]),
    # Compose v1's progress under the command that printed it (Eficode's docker-katas)
    ("docker compose up -d\nCreating multicontainer_mysql_1 ...\nCreating multicontainer_mysql_1 ... done",
     [(2, "docker compose up -d")]),
    # at a bare `> ` prompt what follows is typed: not a block of output
    ("> docker ps\nCONTAINER ID  IMAGE    NAMES\n177ac385ab9f  busybox  b01", [(2, "> docker ps")]),
])
def test_output_beside_a_command_leaves_the_commands_to_run(code, expected):
    text = fence("bash", code)
    assert commands(text) == expected
    assert not any("this block is output" in line for line in check(text))


@pytest.mark.parametrize("code, message", [
    ("doccker ps", "p.md:2: error: unknown command 'doccker' (did you mean 'docker'?) [unknown-command]"),
    ("gti status", "p.md:2: error: unknown command 'gti' (did you mean 'git'?) [unknown-command]"),
    # a lone word no program has (a Docker Hub user's name shown in a bash fence): nothing marks it as output, and a
    # reader would run it as a command, so it stays an error (excuse it, or tag the block `text`)
    ("jpetazzo", "p.md:2: error: unknown command 'jpetazzo' [unknown-command]"),
    # words that begin output lines, without the rest of their shape, stay commands
    ("totl 48", "p.md:2: error: unknown command 'totl' [unknown-command]"),
    ("Pulling nginx", "p.md:2: error: unknown command 'Pulling' [unknown-command]"),
])
def test_a_mistyped_or_unknown_command_alone_is_still_an_error(code, message):
    assert check(fence("bash", code)) == [message]
