"""Transcripts as people paste them (issue 16, item 1): continuation lines, here-documents, every common prompt,
prompts of other programs; and the exact commands that would run."""

from __future__ import annotations

import pytest

from docktest.check.rules import check_page
from docktest.extract.markdown import extract_page, parse_page
from docktest.model import Command
from docktest.report.formats import format_findings


def commands(text: str) -> list[tuple[int, str]]:
    return [(c.line, c.text) for snippet in extract_page("p.md", text) for c in snippet.commands]


def check(text: str) -> list[str]:
    return format_findings(check_page("p.md", text, extract_page("p.md", text)), "text").splitlines()


def fence(lang: str, code: str) -> str:
    return f"```{lang}\n{code}\n```\n"


CONTINUED = """$ docker run -d \\
    --name web \\
    -p 8080:80 nginx
$ docker ps
CONTAINER ID   IMAGE   NAMES
a1b2c3d4e5f6   nginx   web"""


def test_continuation_lines_without_a_continuation_prompt_belong_to_the_command():
    text = fence("console", CONTINUED)
    assert commands(text) == [(2, "docker run -d \\\n    --name web \\\n    -p 8080:80 nginx"), (5, "docker ps")]
    (snippet,) = extract_page("p.md", text)
    (expectation,) = snippet.expectations
    assert expectation.commands == (1,) and [line for _, line in expectation.lines] == [6, 7]


def test_a_dangling_backslash_before_the_next_prompt_does_not_glue_two_commands():
    text = fence("console", "$ docker run -d \\\n$ docker ps")
    assert commands(text) == [(2, "docker run -d"), (3, "docker ps")]


@pytest.mark.parametrize("code", [
    "$ cat <<EOF > Dockerfile\nFROM busybox\nRUN echo hi\nEOF\n$ docker build -t x .",
    "$ cat <<EOF > Dockerfile\n> FROM busybox\n> RUN echo hi\n> EOF\n$ docker build -t x .",
    "$ cat <<'EOF' > Dockerfile\nFROM busybox\nRUN echo hi\nEOF\n$ docker build -t x .",
])
def test_a_here_document_is_part_of_its_command_not_expected_output(code):
    text = fence("console", code)
    (snippet,) = extract_page("p.md", text)
    assert [c.line for c in snippet.commands] == [2, 6]
    assert snippet.commands[0].text.split("\n")[1:] == ["FROM busybox", "RUN echo hi", "EOF"]
    assert snippet.expectations == ()


def test_a_here_document_in_a_script_keeps_its_dash_argument():
    text = fence("bash", "docker build -t x - <<EOF\nFROM busybox\nEOF")
    assert check(text) == []
    typo = fence("bash", "docker biuld -t x - <<EOF\nFROM busybox\nEOF")
    assert check(typo) == ["p.md:2: error: unknown docker command 'biuld' (did you mean 'build'?) [docker-usage]"]


def test_a_backquoted_comment_between_flags_does_not_end_the_command():
    # bash expands `` `# note` `` to nothing and the `\\` after it goes on (a training lab's podman run, heldout-5)
    code = "docker run -d \\\n  `# 자원 제한` \\\n  --memory=256m \\\n  `# Security` \\\n  --read-only \\\n  nginx"
    assert check(fence("bash", code)) == []
    assert check(fence("bash", code.replace("--read-only", "--read-onyl"))) == [
        "p.md:6: error: unknown flag '--read-onyl' for 'docker run' (did you mean '--read-only'?) [docker-usage]"]
    assert commands(fence("bash", code)) == [(2, code)]


def test_an_open_quote_continues_the_command():
    text = fence("console", "$ echo \"one\ntwo\"\none\ntwo")
    assert commands(text) == [(2, 'echo "one\ntwo"')]


@pytest.mark.parametrize("prompt", ["root@host:/app# ", "ubuntu@ip-172-31-0-1:~$ ", "[node1]$ ",
                                    "[root@localhost ~]# ", "(venv) me@laptop:~/app$ ", "~/app $ ", "  $ "])
def test_common_prompts_are_prompts(prompt):
    text = fence("console", f"{prompt}docker imgaes\nREPOSITORY   TAG\n{prompt}docker ps")
    assert commands(text) == [(2, "docker imgaes"), (4, "docker ps")]
    assert check(text) == ["p.md:2: error: unknown docker command 'imgaes' (did you mean 'images'?) [docker-usage]"]


@pytest.mark.parametrize("prompt", ["host$ ", "host-A $ ", "node1 # ", "node-02,node-03# "])
def test_a_hosts_name_is_a_prompt_when_a_program_follows(prompt):
    text = fence("bash", f"# 두 호스트에서\n{prompt}docker imgaes\n{prompt}docker ps")
    assert commands(text) == [(3, "docker imgaes"), (4, "docker ps")]
    assert [line.split(" [")[-1] for line in check(text)] == ["docker-usage]"]  # the typo still found


@pytest.mark.parametrize("code, command", [("echo # 설명", "echo"), ("ls $ HOME", "ls $ HOME"),
                                           ("doccker $ docker ps", "doccker $ docker ps")])
def test_a_program_before_a_dollar_or_hash_is_no_prompt(code, command):
    assert commands(fence("bash", code)) == [(2, command)]


def test_a_bare_root_prompt_in_a_console_block_without_other_prompts():
    text = fence("console", "# 컨테이너 목록\n# docker ps\nCONTAINER ID   IMAGE")
    assert commands(text) == [(3, "docker ps")]
    assert commands(fence("bash", "# docker ps 로 확인\ndocker ps")) == [(3, "docker ps")]


def test_comments_before_the_first_prompt_are_neither_commands_nor_output():
    (snippet,) = extract_page("p.md", fence("console", "# 먼저 목록을 봅니다\n$ docker ps\nCONTAINER ID"))
    assert snippet.commands == (Command(3, "docker ps"),)
    assert [line for _, line in snippet.expectations[0].lines] == [4]


def test_a_remark_before_the_next_prompt_is_not_output():
    (snippet,) = extract_page("p.md", fence("console", "$ docker ps\nCONTAINER ID\n# 이제 지웁니다\n$ docker rm x"))
    assert [text for text, _ in snippet.expectations[0].lines] == ["CONTAINER ID"]


def test_a_caption_above_a_hosts_prompt_makes_a_bash_block_a_transcript():
    # heldout-10 (Moby's ssd README): a sentence, then `user@host:path$ docker run …` and its output; the block was
    # all output and its command never checked
    text = fence("bash", "In a three node cluster ssd shows\n\nvagrant@net-1:~/code/tests$ docker rnu --privileged "
                         "sanimej/ssd ov2\nNode id: sjfp0ca8f43rvnab6v7f21gq0 gossip hash c57d8909")
    assert commands(text) == [(4, "docker rnu --privileged sanimej/ssd ov2")]
    assert check(text) == ["p.md:4: error: unknown docker command 'rnu' (did you mean 'run'?) [docker-usage]"]
    # a command above a prompt keeps the block a script, and its `$ ` a mistake
    script = fence("bash", "docker ps\n$ docker images")
    assert [line.split(" [")[-1] for line in check(script)] == ["prompt-in-script]"]


def test_a_prompt_decoration_line_is_not_output():
    text = fence("console", "$ echo hi\nhi\n[node1] (local) root@192.168.0.18 ~\n$ docker swarm init")
    (snippet,) = extract_page("p.md", text)
    assert [text for text, _ in snippet.expectations[0].lines] == ["hi"]


def test_a_console_block_of_plain_commands_is_a_script():
    assert commands(fence("console", "docker pull nginx\ndocker run -d nginx")) == [
        (2, "docker pull nginx"), (3, "docker run -d nginx")]


def test_a_console_block_of_output_only_runs_nothing():
    assert commands(fence("console", "CONTAINER ID   IMAGE\na1b2c3d4e5f6   nginx")) == []
    assert check(fence("console", "Hello from Docker!\nThis message shows that your installation works.")) == []


@pytest.mark.parametrize("code, prompt", [
    ("PS C:\\> docker run hello-world", "PS C:\\>"),
    ("C:\\Users\\me> docker imgaes", "C:\\Users\\me>"),
    ("mysql> SELECT * FROM t;\n+----+\n| id |", "mysql>"),
    (">>> import docker\n>>> client = docker.from_env()", ">>>"),
    # heldout-7 (Oracle's sharding guides): GDSCTL's and SQL*Plus's prompts; SQL*Plus runs a script, prompt left out
    ("GDSCTL> switchover ru -ru 4 -shard target_shard [-timeout=n]", "GDSCTL>"),
    ("SQL> alter user sys identified by Welcome1 container=all;", "SQL>"),
    ("@sharded_install.sql\n@sharded_post_install.sql", "SQL>"),
    # heldout-14 (a Chinese ZooKeeper tutorial): zkCli.sh's prompt, and its output under it
    ("[zk: 127.0.0.1:2181(CONNECTED) 7] ls2 /node1\n[node1.1]\ncZxid = 0x47", "[zk: 127.0.0.1:2181(CONNECTED) 7]"),
])
def test_a_prompt_of_another_program_is_said_once_and_not_checked_as_bash(code, prompt):
    text = fence("console", code)
    assert commands(text) == []
    (finding,) = check_page("p.md", text, extract_page("p.md", text))
    assert (finding.line, finding.severity, finding.rule) == (2, "note", "foreign-prompt")
    assert finding.message.startswith(f"`{prompt}` is the prompt of a program that is not a POSIX shell")


def test_a_zookeeper_session_in_a_shell_block_is_its_prompt_and_a_broken_one_still_fails():
    text = fence("shell", "[zk: zookeeper(CONNECTED) 12] get -s /node1\nset node1\ncZxid = 0x47")
    assert [(f.line, f.severity, f.rule) for f in check_page("p.md", text, extract_page("p.md", text))] == [
        (2, "note", "foreign-prompt")]
    # without its brackets it is no prompt, and the line is not let through
    (shown,) = check(fence("shell", "zk: localhost:2181(CONNECTED) 0] ls /"))
    assert "foreign-prompt" not in shown and "warning" in shown


def test_an_interactive_session_inside_a_transcript_is_not_compared():
    text = fence("console", "$ docker exec -it db mysql -p\nEnter password:\nmysql> show databases;\n"
                            "+----+\n$ docker stop db\ndb")
    (snippet,) = extract_page("p.md", text)
    assert [c.text for c in snippet.commands] == ["docker exec -it db mysql -p", "docker stop db"]
    assert [e.commands for e in snippet.expectations] == [(1,)]


def test_an_escaped_docker_is_checked_on_any_line():
    assert check(fence("bash", "echo hi\n\\docker imgaes")) == [
        "p.md:3: error: unknown docker command 'imgaes' (did you mean 'images'?) [docker-usage]"]


# --- output pasted into a script (item 2) ---------------------------------------------------------------------

PS_OUTPUT = """docker ps
CONTAINER ID   IMAGE     COMMAND                  CREATED         STATUS         PORTS     NAMES
a1b2c3d4e5f6   nginx     "/docker-entrypoint.…"   2 seconds ago   Up 1 second    80/tcp    web
<none>         <none>    abc
docker images"""


def test_output_in_a_script_is_one_warning_at_its_first_line():
    assert check(fence("bash", PS_OUTPUT)) == [
        "p.md:3: warning: this looks like output (or a file's content) pasted into a script: use a ```console "
        "block with `$ ` prompts, or a `<!-- docktest output -->` block (those lines are neither checked nor run) "
        "[output-in-script]"]
    assert commands(fence("bash", PS_OUTPUT)) == [(2, "docker ps"), (6, "docker images")]


@pytest.mark.parametrize("output", [
    "Unable to find image 'hello-world:latest' locally\nlatest: Pulling from library/hello-world\n"
    "Digest: sha256:" + "a" * 64 + "\nStatus: Downloaded newer image for hello-world:latest\n\nHello from Docker!\n"
    "This message shows that your installation appears to be working correctly.",
    "9f2a" + "0" * 60,
    "Docker version 27.3.1, build ce12230",
    "Sending build context to Docker daemon  2.048kB\nStep 1/2 : FROM busybox\n ---> 3f57d9401f8d",
    "#1 [internal] load build definition from Dockerfile\n#1 DONE 0.0s",
    "[+] Running 2/2\n ✔ Network app_default  Created",
    "Total reclaimed space: 0B",
    '[\n    {\n        "CreatedAt": "2019-09-26T02:18:36Z",\n        "Driver": "local",\n        "Labels": {}\n    }\n]',
])
def test_what_only_a_program_prints_is_output(output):
    text = fence("bash", f"docker run hello-world\n{output}\ndocker ps")
    found = check(text)
    assert len(found) == 1 and "warning: this looks like output" in found[0], found
    assert [c.text for c in extract_page("p.md", text)[0].commands] == ["docker run hello-world", "docker ps"]


def test_the_rows_of_a_table_are_output_even_when_they_start_with_a_programs_name():
    text = fence("bash", "docker images\nREPOSITORY   TAG       IMAGE ID       SIZE\nnginx        latest    605c77e624dd   141MB\n"
                         "redis        7         7614ae9453d1   113MB\n\ndocker ps")
    assert commands(text) == [(2, "docker images"), (7, "docker ps")]


def test_a_typo_after_output_is_still_a_command():
    text = fence("bash", "docker ps\nCONTAINER ID   IMAGE\ndoccker ps")
    assert "p.md:4: error: unknown command 'doccker' (did you mean 'docker'?) [unknown-command]" in check(text)


def test_a_script_with_capitals_is_not_output():
    assert check(fence("bash", "FOO=1 BAR=2 env\nexport NAME=web\necho \"$NAME\"")) == []


# --- blocks that are not shell (item 7, the reverse) -------------------------------------------------------------

@pytest.mark.parametrize("code, what", [
    ("services:\n  web:\n    image: nginx\n    ports:\n      - \"8080:80\"", "a YAML file (a Compose file?)"),
    ("version: '3'\nservices:\n  db:\n    image: postgres", "a YAML file (a Compose file?)"),
    ("server {\n    listen 80;\n    location / {\n        root /usr/share/nginx/html;\n    }\n}",
     "a configuration file (nginx?)"),
    ("node_modules\n*.log\n.git\n.env", "a list of file patterns (a .dockerignore?)"),
    (".\n├── Dockerfile\n└── app\n    └── main.py", "a folder listing"),
    ("FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm install\nCMD [\"node\", \"server.js\"]", "a Dockerfile"),
    ('{\n  "registry-mirrors": ["https://mirror.example"]\n}', "JSON"),
    # an app's menu under a bash tag (LinuxServer.io's Selkies guide)
    ('<?xml version="1.0" encoding="utf-8"?>\n<openbox_menu xmlns="http://openbox.org/3.4/menu">\n'
     '<menu id="root-menu" label="MENU">\n</menu>\n</openbox_menu>', "an XML file"),
    ("# 컨테이너\nGET    /containers/json     # 목록\nPOST   /containers/create", "a list of HTTP requests"),
    # a server's configuration file (the NATS image's page): `key: value` rows in `name {` sections
    ("# Client port\nport: 4222\ncluster {\n  name: \"c1\"\n  authorization {\n    user: ruser\n  }\n"
     "  routes = []\n}", "a configuration file"),
    # a program's --help pasted under a bash tag (the same page)
    ("Server Options:\n    -a, --addr, --net <host>   Bind to host address (default: 0.0.0.0)\n"
     "    -p, --port <port>          Use port for clients\n    -n, --name\n"
     "        --server_name <name>   Server name\n    -t                         Test configuration and exit\n"
     "                               <pid> can be a PID (e.g. 1)\n\nLogging Options:\n"
     "    -l, --log <file>           File to redirect log output", "a program's option list (its --help)"),
    # a systemd drop-in (DockerLabs' daemon page) and a my.cnf: INI sections over key=value rows
    ("[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H unix:// -H tcp://0.0.0.0:2375",
     "an INI file (a systemd unit?)"),
    ("[mysqld]\n# 외부 접속\nbind-address = 0.0.0.0\n\n[client]\ndefault-character-set = utf8mb4",
     "an INI file (a systemd unit?)"),
    # a reverse proxy's Caddyfile in a ```shell fence (heldout-8: Nextcloud AIO's multiple-instances guide)
    ("# Virtual machine #1\nhttps://[DOMAIN_NAME_1]:8443 {\n    reverse_proxy https://[IP_ADDRESS_1]:8080 {\n"
     "        header_up Host {host}\n        transport http {\n            tls_insecure_skip_verify\n        }\n"
     "    }\n}\nhttps://[DOMAIN_NAME_1]:443 {\n    reverse_proxy [IP_ADDRESS_1]:11000\n}", "a Caddyfile"),
    # heldout-9: Trivy's plugin folder, a Rego check, a Kyverno policy with a PEM key; Traefik's HMAC request
    ("your-plugin/\n  |\n  |- plugin.yaml\n  |- your-plugin.sh", "a folder listing"),
    ("# METADATA\npackage builtin.kubernetes.KCV0073\n\nimport data.lib.kubernetes\n\ntypes := [\"master\", \"worker\"]\n"
     "\ndeny[res] {\n output := check(input)\n msg := \"Ensure …\"\n res := result.new(msg, output)\n}", "a Rego policy"),
    ("apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nspec:\n  rules:\n  - keys:\n      publicKeys: |-\n"
     "        -----BEGIN PUBLIC KEY-----\n        abc\n        -----END PUBLIC KEY-----", "a Kubernetes manifest (YAML)"),
    ("GET /foo HTTP/1.1\nHost: example.org\nX-Example: Example header\n    with some whitespace.\nX-EmptyHeader:",
     "an HTTP message"),
    # heldout-12: ONBUILD's two builds drawn with arrows (yeasy's book)
    ("基础镜像构建：\nDockerfile (含 ONBUILD) ──build──> 基础镜像 (记录了 ONBUILD 触发器)\n      (指令未执行)\n\n"
     "子镜像构建：\nFROM 基础镜像 ──build──> 读取基础镜像触发器 ──> 执行触发器指令", "a diagram"),
])
def test_a_file_in_a_shell_fence_is_one_warning(code, what):
    text = fence("bash", code)
    (finding,) = check_page("p.md", text, extract_page("p.md", text))
    assert (finding.line, finding.severity, finding.rule) == (2, "warning", "not-shell")
    assert finding.message.startswith(f"this block is not shell but {what}: tag it ```")
    assert commands(text) == []


@pytest.mark.parametrize("code", [
    "ls\npwd",
    'echo "build ──> run"\necho "  ↓"',  # arrows a command prints: shell
    "docker build . ──> image",  # an arrow beside a command: its errors stand
    "mkdir app && cd app\ntouch Dockerfile",
    "cat > nginx.conf <<EOF\nserver {\n  listen 80;\n}\nEOF",
    "cat > menu.xml <<EOF\n<?xml version=\"1.0\"?>\n<menu/>\nEOF",
    "docker compose up -d\ndocker compose ps",
    "{ echo a; echo b; } > out.txt",
    # a continued command's flag lines, `key = value` beside a command: still shell
    "docker run -d \\\n  -p 8080:80 \\\n  -e A=1 \\\n  -v data:/data \\\n  nginx",
    "export PORT=8080\nenv = prod\nserver {\n}",
    # bash's own `;`, `=` and associative arrays: `cd app;`, `test a = b`, `map['x']=1`
    "cd app;\ntest a = b\necho a = b\ndeclare -A map\nmap['x']=1",
    # `[` is the test command, and assignments alone are a script: no INI file
    "[ -f .env ] && source .env\nPORT=8080",
    "DOCKER_HOST=tcp://0.0.0.0:2375\nCOMPOSE_FILE=app.yml",
])
def test_shell_scripts_stay_shell(code):
    page = parse_page("p.md", fence("bash", code))
    assert not [f for f in page.findings if f.rule == "not-shell"]
    assert commands(fence("bash", code))


def test_a_root_transcript_in_a_bash_fence_runs_its_commands_and_expects_its_output():
    # container.training: `# ` is root's prompt, the lines under it what the commands printed
    text = fence("bash", " # hostname\n nodeX\n # hostname tupperware\n # hostname\n tupperware")
    assert commands(text) == [(2, "hostname"), (4, "hostname tupperware"), (5, "hostname")]
    assert check(text) == []


@pytest.mark.parametrize("code, command", [
    # paperless-ngx's migration page: a script under its shebang, a comment whose first word is a program (`the`, a
    # Debian package) or a parameter; read as root's prompt, the comment ran and the script's line was its output
    ("#!/usr/bin/env bash\n# the original file path\nprocess_document \"$1\"", (4, 'process_document "$1"')),
    ("# $1 was the original file path\nprocess_document \"$1\"", (3, 'process_document "$1"')),
    ("# ls the folder\nls -la", (3, "ls -la")),
])
def test_a_comment_that_reads_as_a_sentence_or_a_shebang_keeps_a_script_a_script(code, command):
    assert commands(fence("bash", code)) == [command]


def test_a_sentence_at_a_bare_hash_in_a_console_block_is_no_command_and_a_root_command_is():
    assert commands(fence("console", "# the original file path\nprocess_document x")) == []
    assert commands(fence("console", "# ls -la /tmp\ntotal 0")) == [(2, "ls -la /tmp")]


@pytest.mark.parametrize("code, line", [
    ("# list the containers\ndoccker ps", 3),  # a comment above a mistyped command
    ("# install\napt-get install -y curl\n# then\ndoccker ps", 5),
])
def test_comments_above_commands_keep_a_script_a_script(code, line):
    assert f"p.md:{line}: error: unknown command 'doccker' (did you mean 'docker'?) [unknown-command]" in check(
        fence("bash", code))


@pytest.mark.parametrize("code", [
    "# crontab -e\n# 매일 새벽 2시에 백업\n0 2 * * * /path/to/backup.sh >> /var/log/backup.log 2>&1",  # a crontab's lines
    "# /etc/gitlab/gitlab.rb\nexternal_url 'http://172.100.100.8'",  # a file's lines under a comment naming it
])
def test_a_file_under_comments_is_no_root_transcript(code):
    assert commands(fence("bash", code)) == []
    assert [line.split(" [")[-1] for line in check(fence("bash", code))] == ["not-shell]"]


def test_an_option_list_under_a_command_leaves_the_command_checked():
    text = fence("bash", "doccker run -d nginx\n-d   detached\n-p   publish\n-v   volume")
    assert commands(text) == [(2, "doccker run -d nginx")]
    assert "p.md:2: error: unknown command 'doccker' (did you mean 'docker'?) [unknown-command]" in check(text)


def test_a_here_string_opens_no_here_document():
    text = fence("console", "$ cat <<< \"hi\"\nhi\n$ echo done")
    assert commands(text) == [(2, 'cat <<< "hi"'), (4, "echo done")]


# --- commands typed into a container --------------------------------------------------------------------------

@pytest.mark.parametrize("code", [
    "$ docker run --rm -it alpine\n/ # apk add curl\nOK: 12 MiB\n/ # exit\n$ docker ps",
    "$ docker exec -it web bash\nroot@1add2615774b:/app# ls\nmain.py\nroot@1add2615774b:/app# exit\n$ docker ps",
    "$ docker compose exec redpanda /bin/bash\nredpanda@host:/$ cd /app\nredpanda@host:/app$ exit\n$ docker ps",
    "$ docker run -it --name c1 busybox sh\nc1 # ip address\n4: eth0@if5: <BROADCAST,UP> mtu 1500\n$ docker ps",
])
def test_commands_typed_into_a_container_are_not_run_on_the_host(code):
    text = fence("console", code)
    (snippet,) = extract_page("p.md", text)
    assert [c.text for c in snippet.commands] == [code.split("\n")[0][2:], "docker ps"]
    assert [e.commands for e in snippet.expectations] == []
    (finding,) = check_page("p.md", text, extract_page("p.md", text))
    assert (finding.line, finding.severity, finding.rule) == (3, "note", "inside-container")


def test_a_block_at_a_container_prompt_is_inside_a_container():
    text = fence("console", "/ # apk add --quiet htop")
    assert commands(text) == []
    assert [f.rule for f in check_page("p.md", text, extract_page("p.md", text))] == ["inside-container"]


def test_the_same_prompt_after_an_interactive_command_is_the_host_again():
    text = fence("console", "$ docker run -it --rm busybox echo hi\nhi\n$ docker ps")
    assert commands(text) == [(2, "docker run -it --rm busybox echo hi"), (4, "docker ps")]


def test_lines_at_a_debuggers_prompt_in_a_script_are_not_run():
    text = fence("bash", "docker exec -it app gdb -p 1\n(gdb) backtrace\n(gdb) info threads")
    assert commands(text) == [(2, "docker exec -it app gdb -p 1")]
    assert [f.rule for f in check_page("p.md", text, extract_page("p.md", text))] == ["foreign-prompt"]


def test_output_under_a_prompt_in_a_script_is_output():
    text = fence("bash", "docker logs -f app\n$ nodemon src/index.js\n[nodemon] starting `node src/index.js`\n"
                         "docker run -dp 3000:3000 getting-started")
    assert [f.rule for f in check_page("p.md", text, extract_page("p.md", text))] == ["prompt-in-script", "output-in-script"]


def test_json_in_a_script_is_not_a_shell_group():
    text = fence("bash", "# /etc/docker/daemon.json\n{\n  \"authorization-plugins\": [\"authz\"]\n}\n"
                         "sudo systemctl restart docker")
    assert [f.rule for f in check_page("p.md", text, extract_page("p.md", text))] == [
        "output-in-script", "not-in-sandbox"]
    assert commands(text) == [(6, "sudo systemctl restart docker")]


def test_a_here_document_is_never_output():
    text = fence("bash", "sudo tee /etc/docker/daemon.json << 'EOF'\n{\n  \"dns\": [\"1.1.1.1\"]\n}\nEOF\n"
                         "docker network create --dnss 1.1.1.1 net")
    assert [f.rule for f in check_page("p.md", text, extract_page("p.md", text))] == ["docker-usage"]


def test_an_error_message_over_two_lines_is_output():
    text = fence("bash", "docker: Error response from daemon: driver failed on endpoint laughing_burnell \n"
                         "(bb242b2ca4d6): Bind for 0.0.0.0:3000 failed: port is already allocated.")
    assert [f.rule for f in check_page("p.md", text, extract_page("p.md", text))] == ["output-in-script"]


def test_brackets_deeper_than_the_json_decoder_goes_are_not_a_crash():
    text = fence("bash", "[" * 3000)
    assert "not-shell" not in [f.rule for f in check_page("p.md", text, extract_page("p.md", text))]
    assert commands(text) == [(2, "[" * 3000)]


def test_a_lone_backslash_is_no_command():
    assert commands(fence("bash", "\\")) == []
    assert commands("```bash\n\\") == []


@pytest.mark.parametrize("line, what", [
    ("- Calico: L3 networking, policies", "a list item"),
    ("services:", "YAML (`key: value`)"),
    ("  userns-remap: default", "YAML (`key: value`)"),
    ("RUN apt-get update", "a Dockerfile instruction"),
    ("0 2 * * * /opt/registry/gc.sh", "a crontab entry"),
    ("DELETE /containers/{id}   # remove", "an HTTP request line"),
    ("SHOW DATABASES;", "SQL"),
    ("myapp:v1.2.3-amd64   # per platform", "an image name (`name:tag`)"),
    ("v1.2.3-rc.1", "a version number"),
    ("192.168.99.101", "an IP address"),  # heldout-15: what `docker-machine ip` printed, once called a version
    ("10.0.0.0/16", "an IP address"),
    ("✅ managed by docker plugin commands", "a note (it starts with a symbol)"),
])
def test_a_line_no_one_types_into_a_shell_is_one_warning_and_not_run(line, what):
    text = fence("bash", f"docker ps\n{line}\ndoccker ps")
    findings = check_page("p.md", text, extract_page("p.md", text))
    assert [(f.line, f.rule, f.message) for f in findings] == [
        (3, "not-shell", f"this line is not shell but {what}, in a shell block: move such lines out of it "
                         "(they are neither checked nor run)"),
        (4, "unknown-command", "unknown command 'doccker' (did you mean 'docker'?)")]
    assert [c.text for c in extract_page("p.md", text)[0].commands] == ["docker ps", "doccker ps"]


def test_a_cheat_sheets_flags_are_a_list_but_after_a_comment_cut_continuation_they_are_commands():
    listed = fence("bash", "# 업데이트 옵션\n--update-delay 10s\n--update-parallelism 2")
    assert [(f.line, f.rule) for f in check_page("p.md", listed, extract_page("p.md", listed))] == [(3, "not-shell")]
    cut = fence("bash", "docker service update \\  # 천천히\n  --update-delay 10s web")
    assert [(f.line, f.rule) for f in check_page("p.md", cut, extract_page("p.md", cut))] == [
        (2, "docker-usage"), (3, "unknown-command")]


def test_flags_continued_under_a_command_that_lacks_its_backslash_are_a_command_cut_short():
    # heldout-10 (Rocker's rootless Podman page): `podman run ` lost its `\`; bash runs `-ti …` as a command
    cut = fence("bash", "podman run \n  -ti \\\n  --rm \\\n  -v /shared_dir:/shared_dir \\\n  docker.io/rocker/rstudio R")
    assert [(f.line, f.rule, f.severity, f.message) for f in check_page("p.md", cut, extract_page("p.md", cut))
            if f.rule != "not-in-sandbox"] == [
        (3, "unknown-command", "error",
         "unknown command '-ti': a flag where bash reads a command (does the line above lack its `\\`, or have a "
         "space after it?)")]
    # a cheat sheet's flags under a comment, or under a command whose `\` is there, are no command cut short
    listed = fence("bash", "# 옵션\n-ti \\\n--rm")
    assert [(f.line, f.rule) for f in check_page("p.md", listed, extract_page("p.md", listed))] == [(3, "not-shell")]
    # the flag line that lost its `\\` may itself continue a command (heldout-6, LinuxServer.io's SWAG page)
    continued = fence("bash", "docker create \\\n  --net=lsio\n  -e PUID=1000 \\\n  lscr.io/linuxserver/nextcloud")
    assert [(f.line, f.rule) for f in check_page("p.md", continued, extract_page("p.md", continued))] == [
        (2, "docker-usage"), (4, "unknown-command")]
    whole = fence("bash", "docker run \\\n  -ti \\\n  --rm nginx")
    assert check_page("p.md", whole, extract_page("p.md", whole)) == []


def test_flags_under_the_last_line_of_a_continued_command_are_a_command_cut_short():
    # heldout-16 (a Chinese developer's MongoDB notes): `mongo:4.2` lost its `\`, so bash runs `--config …` as a
    # command (it was a not-shell warning: a real defect let pass as "a list of flags")
    cut = fence("bash", "docker run -d \\\n  -v db:/data/db \\\n  mongo:4.2\n  --config /etc/mongod.conf\n  --auth")
    assert [(f.line, f.rule, f.severity) for f in check_page("p.md", cut, extract_page("p.md", cut))] == [
        (5, "unknown-command", "error"), (6, "not-shell", "warning")]
    # a flag list under a command that ended on its own line (no `\` above it) stays a list
    listed = fence("bash", "docker run -d mongo:4.2\n--config /etc/mongod.conf\n--auth")
    assert [(f.line, f.rule) for f in check_page("p.md", listed, extract_page("p.md", listed))] == [
        (3, "not-shell")]


def test_a_space_after_the_backslash_cuts_the_command_and_its_flag_lines_are_an_error():
    # heldout-11 (OpenFaaS): `faas-cli secret create \ ` — bash reads `\ ` as a space, the line break ends the command
    cut = fence("bash", "docker secret create \\ \n  --label env=staging \\\n  db_password ./password.txt")
    assert [(f.line, f.rule, f.severity) for f in check_page("p.md", cut, extract_page("p.md", cut))] == [
        (2, "docker-usage", "error"), (3, "unknown-command", "error")]
    whole = fence("bash", "docker secret create \\\n  --label env=staging \\\n  db_password ./password.txt")
    assert check_page("p.md", whole, extract_page("p.md", whole)) == []


def test_a_block_of_korean_notes_is_one_warning():
    text = fence("bash", "# VM 방식\n메모리: 512MB (OS) + 50MB (앱)\n디스크: 10GB (OS) + 100MB (앱)")
    assert [(f.line, f.rule) for f in check_page("p.md", text, extract_page("p.md", text))] == [(3, "not-shell")]
    assert commands(text) == []


def test_such_lines_inside_a_here_document_or_a_string_are_shell():
    text = fence("bash", "cat > compose.yaml <<EOF\nservices:\n  web:\n    image: nginx\nEOF\necho \"\n- 목록\"")
    assert check_page("p.md", text, extract_page("p.md", text)) == []


PLAY_WITH_DOCKER = """[manager1] (local) root@192.168.0.48 ~/app
$ docker imgaes
REPOSITORY   TAG
[manager1] (local) root@192.168.0.48 ~/app
$ ls
README.md"""


@pytest.mark.parametrize("lang", ["bash", "console", ""])
def test_a_block_that_opens_with_a_prompts_decoration_is_a_transcript(lang):
    text = fence(lang, PLAY_WITH_DOCKER)
    assert ("p.md:3: error: unknown docker command 'imgaes' (did you mean 'images'?) [docker-usage]"
            in check(text))
    if lang:
        (snippet,) = extract_page("p.md", text)
        assert [(c.line, c.text) for c in snippet.commands] == [(3, "docker imgaes"), (6, "ls")]
        assert [[text for text, _ in e.lines] for e in snippet.expectations] == [["REPOSITORY   TAG"], ["README.md"]]


def test_a_decoration_pasted_behind_a_prompt_above_the_next_prompt_is_no_command():
    text = fence("bash", "$ [manager1] (local) root@192.168.0.48 ~/app\n$ docker imgaes\nSaved")
    assert commands(text) == [(3, "docker imgaes")]
    # not above a prompt, it is what was typed: an error, not a decoration
    assert "p.md:3: error: bash syntax error: syntax error near unexpected token `local' [bash-syntax]" in check(
        fence("console", "$ docker ps\n$ [manager1] (local) root@192.168.0.48 ~/app"))
    assert check(fence("bash", "root@192.168.0.48 ~/app\ndocker ps")) != []  # a script's line, no decoration


@pytest.mark.parametrize("typed", ["curl -sSL https://test.docker.com/ | ^C", "^C", "CTRL + C", "Ctrl-C", "^D"])
def test_a_line_cancelled_with_ctrl_c_or_a_keystroke_runs_nothing(typed):
    text = fence("console", f"$ {typed}\n$ docker imgaes\nREPOSITORY   TAG")
    assert commands(text) == [(3, "docker imgaes")]
    (snippet,) = extract_page("p.md", fence("console", f"$ docker ps\nCONTAINER ID\n$ {typed}\n(nothing)"))
    assert [[text for text, _ in e.lines] for e in snippet.expectations] == [["CONTAINER ID"]]


@pytest.mark.parametrize("typed", ["echo ^C done", "ctrlc", "cmd /c dir", "docker imgaes"])
def test_a_command_that_only_mentions_a_keystroke_is_still_a_command(typed):
    assert commands(fence("console", f"$ {typed}")) == [(2, typed)]


MONGOSH = """$ docker run -it --rm --network some-network mongo \\
	mongosh --host some-mongo \\
		some-db
> db.getName();
some-db"""


def test_a_gt_prompt_after_a_complete_command_that_opens_mongosh_is_mongoshs_prompt():
    text = fence("console", MONGOSH)
    assert commands(text) == [(2, "docker run -it --rm --network some-network mongo \\\n\tmongosh --host some-mongo "
                                  "\\\n\t\tsome-db")]
    (finding,) = check_page("p.md", text, extract_page("p.md", text))
    assert (finding.line, finding.severity, finding.rule) == (5, "note", "foreign-prompt")
    assert extract_page("p.md", text)[0].expectations == ()  # a session's output is not compared


@pytest.mark.parametrize("code, command", [
    ("$ for i in 1 2\n> do echo $i\n> done", "for i in 1 2\ndo echo $i\ndone"),  # bash's own `> `: a compound
    ('$ docker exec -it db mongosh --eval "db.getName(\n> )"', 'docker exec -it db mongosh --eval "db.getName(\n)"'),
    ("$ node app.js \\\n> --port 3000", "node app.js \\\n--port 3000"),  # a `\\` still continues
])
def test_a_gt_line_that_continues_an_open_command_still_belongs_to_it(code, command):
    assert commands(fence("console", code)) == [(2, command)]


# --- other prompts: `> ` before each command, zsh's `% ` (heldout-7) -----------------------------------------------

ANGLE = """> docker volume create data

# the mount point, for the next steps
> docker volume inspect data | grep Mountpoint
    "Mountpoint": "/var/lib/docker/volumes/data/_data","""


def test_gt_before_every_command_is_the_prompt_of_a_transcript():
    text = fence("shell", ANGLE)
    assert commands(text) == [(2, "docker volume create data"), (5, "docker volume inspect data | grep Mountpoint")]
    (snippet,) = extract_page("p.md", text)
    assert [[line for _, line in e.lines] for e in snippet.expectations] == [[6]]
    assert check(text) == []
    assert check(fence("shell", "> docker imgaes")) == [
        "p.md:2: error: unknown docker command 'imgaes' (did you mean 'images'?) [docker-usage]"]


@pytest.mark.parametrize("code, read", [
    ("> out.log\ndocker ps", ["> out.log", "docker ps"]),  # a redirect that empties a file: bash, not a prompt
    ("> docker ps\ndocker images", ["> docker ps", "docker images"]),  # a command without `> `: a script
    ("$ cat <<EOF > f\n> hello\n> EOF", ["cat <<EOF > f\nhello\nEOF"]),  # after `$ `, `> ` continues it
])
def test_gt_is_no_prompt_unless_it_leads_every_command(code, read):
    assert [text for _, text in commands(fence("bash", code))] == read


# heldout-15 (adoyle-h's experiment log): every command at `> `, JSON and tables under them, one `> ` left out
ANGLE_SESSION = """> docker pull alpine:latest
> docker inspect alpine:latest | head -n 3
[
    {
        "Id": "sha256:9617",

# 加载 SHA 镜像
> docker load -i image-sha
Loaded image ID: sha256:9617

> docker images -a alpine
docker inspect 9617 | head
[]
> docker images | grep 9617"""


def test_a_session_at_the_gt_prompt_reads_as_a_transcript():
    text = fence("bash", ANGLE_SESSION)
    assert [line for line, _ in commands(text)] == [2, 3, 9, 12, 15]
    assert check(text) == []
    mistyped = fence("bash", ANGLE_SESSION.replace("docker load", "docker laod"))
    assert check(mistyped) == ["p.md:9: error: unknown docker command 'laod' (did you mean 'load'?) [docker-usage]"]


@pytest.mark.parametrize("code", [
    "> docker ps\n> docker images\ndocker rm web",  # no output: a script with stray prompts
    "> docker ps\n> docker images\n> docker volume ls\ndocker rm web\ndocker rmi app\nCONTAINER ID",  # as many bare
])
def test_stray_gt_prompts_in_a_script_stay_errors(code):
    assert "prompt-in-script" in " ".join(check(fence("bash", code)))


def test_sql_at_a_gt_prompt_is_a_psql_session():  # heldout-15 (jbranchaud's TIL): psql's prompt written as `> `
    text = fence("bash", "> select content from http_get('http://httpbun.com/ip');\n           content\n"
                         "-----------------------------\n {                          +\n   \"origin\": \"73.75.236.101\"+\n"
                         "(1 row)")
    assert check(text) == ["p.md:2: note: `>` is the prompt of a program that is not a POSIX shell: its lines are "
                           "neither checked nor run, and the output around them is not compared [foreign-prompt]"]
    # a bash `select` loop, or a statement without its `;`, is no SQL
    assert "prompt-in-script" in " ".join(check(fence("bash", "> select x in a b; do echo $x; done\ndocker ps")))


def test_a_gt_prompt_in_a_script_is_an_error():
    assert check(fence("bash", "> docker ps\ndocker images")) == [
        "p.md:2: error: a `> ` prompt inside a script block: bash writes to a file `docker` and runs the rest; "
        "drop the `> `, or start every command with it [prompt-in-script]"]


def test_a_zsh_prompt_is_a_transcript_prompt():
    text = fence("bash", '% curl http://localhost:8080/env\n{"osVersion":"Alpine Linux v3.19"}\n'
                         ' % curl http://localhost:8080/info')
    assert commands(text) == [(2, "curl http://localhost:8080/env"), (4, "curl http://localhost:8080/info")]
    assert check(text) == []
    assert check(fence("bash", "% curl -sL x | jq .\n% doccker ps")) != []  # still a command at its prompt


def test_a_percent_that_no_program_follows_is_no_prompt():
    text = fence("console", "$ curl -O https://example.com/x\n  % Total    % Received % Xferd\n100   612  100   612")
    assert commands(text) == [(2, "curl -O https://example.com/x")]


def test_an_at_word_that_names_no_sql_script_is_still_a_command():
    assert check(fence("bash", "@echo off")) == [
        "p.md:2: error: unknown command '@echo' (did you mean 'echo'?) [unknown-command]"]
    assert commands(fence("bash", "echo @x.sql\nsqlplus u/p @x.sql")) == [(2, "echo @x.sql"), (3, "sqlplus u/p @x.sql")]


# --- one block, one command per shell (heldout-5: Docker's get-started, translated) ------------------------------

PER_SHELL = """# Mac / Linux / Git Bash
$ docker run -d \\
  --network todo-app mysql:8.0

# PowerShell
$ docker run -d `
 --network todo-app `
 mysql:8.0

# Windows (Command Prompt)
$ docker run -d ^
 --network todo-app ^
 mysql:8.0

# Windows (Git Bash)
$ docker imgaes"""


def test_commands_under_a_comment_naming_another_shell_are_that_shells_and_bash_ones_stay_checked():
    text = fence("bash", PER_SHELL)
    assert commands(text) == [(3, "docker run -d \\\n  --network todo-app mysql:8.0"), (17, "docker imgaes")]
    assert extract_page("p.md", text)[0].expectations == ()  # no PowerShell or cmd line is taken for output
    assert check(text) == [
        "p.md:7: note: the lines under `# PowerShell` are for a shell that is not POSIX: they are neither checked "
        "nor run, and the output around them is not compared [foreign-prompt]",
        "p.md:17: error: unknown docker command 'imgaes' (did you mean 'images'?) [docker-usage]"]


@pytest.mark.parametrize("comment", ["# Windows (PowerShell)", "# Command Prompt:", "# For Windows users", "# cmd"])
def test_script_lines_under_a_comment_naming_another_shell_are_not_checked(comment):
    text = fence("bash", f"# Linux\ndocker run -d -v \"$(pwd):/app\" nginx\n{comment}\ndocker run -d `\n"
                         "  -v \"${PWD}:/app\" nginx")
    assert commands(text) == [(3, 'docker run -d -v "$(pwd):/app" nginx')]
    assert [(f.line, f.rule) for f in check_page("p.md", text, extract_page("p.md", text))] == [(5, "foreign-prompt")]


@pytest.mark.parametrize("comment", ["# Windows (Git Bash)", "# Windows (WSL 2)", "# Mac / Linux",
                                     "# this also works in PowerShell", "# 윈도우에서도 같습니다"])
def test_a_comment_that_names_a_posix_shell_or_is_prose_leaves_the_lines_under_it_bash(comment):
    assert check(fence("bash", f"{comment}\ndocker run -d `\n  nginx"))[0] == (
        "p.md:3: error: bash syntax error: unexpected EOF while looking for matching ``' [bash-syntax]")


# --- a command the terminal wrapped (heldout-3: DockerLabs' GPU page) --------------------------------------------

WRAPPED = """$ sudo docker run -it --rm --gpus all ubuntu nvidia-smi --query-gpu=index,name,uui
d,serial --format=csv
index, name, uuid, serial
0, Tesla P4, GPU-fa974b1d-3c17-ed92-28d0-805c6d089601, 0325017070224"""


def test_a_command_wrapped_mid_list_by_the_terminal_is_one_command_and_its_rest_no_output():
    text = fence("console", WRAPPED)
    assert commands(text) == [
        (2, "sudo docker run -it --rm --gpus all ubuntu nvidia-smi --query-gpu=index,name,uuid,serial --format=csv")]
    (expectation,) = extract_page("p.md", text)[0].expectations
    assert [line for _, line in expectation.lines] == [4, 5]
    assert check(text) == [
        "p.md:2: warning: this command goes on over the next line, as the terminal wrapped it: docktest reads the two "
        "as one command (join them on the page, or a reader copies half of it) [wrapped-command]"]


@pytest.mark.parametrize("code, command", [
    # heldout-12's Korean labs: cut at a word's hyphen; cut where the log below shows the word whole (a script);
    # a swarm join token cut at the terminal's width, under another host's prompt
    ("$ docker stack deploy -c docker-compose-\nslave-1.yaml slave1\nCreating service slave1_slave-db",
     "docker stack deploy -c docker-compose-slave-1.yaml slave1"),
    ("docker service logs -f slave-1_sl\nave-db\nslave-1_slave-db.1.7bfislorbuoj@docker-desktop    | [Note] started.",
     "docker service logs -f slave-1_slave-db"),
    ("\tvagrant@worker1:~$ sudo docker swarm join --token SWMTKN-1-16qr38qqzlk834h642ejskmlc4mrx9uw8h6dqbpyd-8f9n1f642"
     "\n\tg6edu6j2eqrgdvr9 192.168.100.10:2377\n\t        This node joined a swarm as a worker.",
     "sudo docker swarm join --token SWMTKN-1-16qr38qqzlk834h642ejskmlc4mrx9uw8h6dqbpyd-8f9n1f642g6edu6j2eqrgdvr9 "
     "192.168.100.10:2377"),
])
def test_a_command_cut_mid_word_by_the_terminal_is_one_command(code, command):
    text = fence("bash", code)
    assert [text for _, text in commands(text)][0] == command
    assert [line for line in check(text) if ": error: " in line or "wrapped-command" in line] == [
        "p.md:2: warning: this command goes on over the next line, as the terminal wrapped it: docktest reads the two "
        "as one command (join them on the page, or a reader copies half of it) [wrapped-command]"]
    # the same command mistyped still fails once joined
    assert "docker-usage]" in "".join(check(text.replace("docker s", "docker sss")))


@pytest.mark.parametrize("code", [
    "$ docker run -d --name web nginx\n4f1c2e9a7b3d5e6f",  # an ID under a command: output
    "docker build -t app -\nls",  # stdin's `-` is no cut word; the next row is a command
    "mkdir my-\n  app",  # indented deeper than the command: no terminal's wrap
    "$ kubectl taint nodes node-1 key01:NoSchedule-\nnode/node-1 untainted",  # `-` removes the taint; its answer
    "echo slave-1_sl\nave-db",  # the whole word nowhere in the block
])
def test_a_row_under_a_command_that_joins_no_word_is_not_a_cut(code):
    assert not [line for line in check(fence("bash", code)) if "wrapped-command" in line]


@pytest.mark.parametrize("code", [
    "$ echo a,b\na,b",  # output that repeats a list has no flags after it
    "$ docker ps --format '{{.ID}},{{.Names}}'\nabc123,web",
    "$ docker ps --format '{{.ID}},{{.Names}}'\nabc123,web --name web",  # the command ends in a quote, not mid-word
])
def test_output_under_a_command_that_ends_in_a_list_stays_output(code):
    (snippet,) = extract_page("p.md", fence("console", code))
    assert len(snippet.commands) == 1 and "\n" not in snippet.commands[0].text and snippet.expectations
    assert not [line for line in check(fence("console", code)) if "wrapped-command" in line]


@pytest.mark.parametrize("code, message", [
    # a Caddyfile's shape around a typo of a program: a shell group, the typo reported
    ("example.com {\n    doccker ps\n}", "p.md:3: error: unknown command 'doccker' (did you mean 'docker'?) [unknown-command]"),
    ("localhost:8080 {\n    docker imgaes\n}",
     "p.md:3: error: unknown docker command 'imgaes' (did you mean 'images'?) [docker-usage]"),
])
def test_a_shell_group_shaped_like_a_caddyfile_is_still_checked(code, message):
    assert message in check(fence("bash", code))


@pytest.mark.parametrize("code, line", [
    # a command among a folder's rows, after a Rego package, a manifest's top-level rows or an HTTP request's
    ("your-plugin/\n  |- plugin.yaml\ndoccker ps", 4),
    ("package main\ndoccker ps", 3),
    ("apiVersion: v1\nkind: Pod\ndoccker ps", 4),
    ("GET /foo HTTP/1.1\nHost: example.org\ndoccker ps", 4),
])
def test_a_typo_among_rows_shaped_like_those_files_is_still_an_error(code, line):
    assert f"p.md:{line}: error: unknown command 'doccker' (did you mean 'docker'?) [unknown-command]" in check(
        fence("bash", code))


def test_a_cmd_batch_file_in_a_bash_fence_is_cmds_and_bash_lines_above_it_stay_checked():
    # heldout-8 (EKS workshop): the Windows variant of `set -o allexport; source .env`, as a batch file
    text = fence("bash", 'docker imgaes\n@echo off\nfor /f "usebackq delims=" %%x in (".env") do set "%%x"\nset')
    assert commands(text) == [(2, "docker imgaes")]
    assert check(text) == [
        "p.md:2: error: unknown docker command 'imgaes' (did you mean 'images'?) [docker-usage]",
        "p.md:3: note: the lines under `@echo off` are for a shell that is not POSIX: they are neither checked "
        "nor run [foreign-prompt]"]


def test_echo_off_in_a_posix_script_is_no_batch_file():
    assert check(fence("bash", "echo off\ndoccker ps")) == [
        "p.md:3: error: unknown command 'doccker' (did you mean 'docker'?) [unknown-command]"]


# --- heldout-12 (a Korean developer's MySQL/MongoDB labs): REPL sessions in a bash fence -------------------------

MONGO = "> use admin\nswitched to db admin\n> db.createUser({user:'root',pwd:'root',roles:['root']})\n1"
MYSQL = ("... master ...\n\n$ docker exec -it master mysql -uroot -proot\nmysql> use test;\nDatabase changed\n"
         "mysql> CREATE TABLE `exam` (\n    ->   `id` bigint(20) NOT NULL AUTO_INCREMENT,\n    -> ) ENGINE=InnoDB;\n"
         "Query OK, 0 rows affected (0.08 sec)\n\n$ docker exce -it slave mysql")


@pytest.mark.parametrize("code", [MONGO, "> for (i = 0; i< 10; i++) {\n... db.user.insert({\"user_id\":i})\n... }"])
def test_the_mongo_shells_bare_prompt_is_another_programs_said_once(code):
    text = fence("bash", code)
    assert commands(text) == []
    assert check(text) == [
        "p.md:2: note: `>` is the prompt of a program that is not a POSIX shell: its lines are neither checked nor "
        "run, and the output around them is not compared [foreign-prompt]"]


@pytest.mark.parametrize("code, message", [
    # a shell's `> ` stays bash's: a redirect to a file named after the program, in a script
    ("docker ps\n> docker imgaes", "p.md:3: error: a `> ` prompt inside a script block"),
    (MONGO + "\n$ doccker ps", "p.md:6: error: unknown command 'doccker' (did you mean 'docker'?)"),
])
def test_a_shells_lines_beside_a_mongo_session_stay_checked(code, message):
    assert any(line.startswith(message) for line in check(fence("bash", code)))


def test_a_mysql_session_among_docker_exec_lines_is_one_note_and_the_shell_lines_are_checked():
    text = fence("bash", MYSQL)
    assert commands(text) == [(4, "docker exec -it master mysql -uroot -proot"), (12, "docker exce -it slave mysql")]
    assert check(text) == [
        "p.md:5: note: `mysql>` is the prompt of a program that is not a POSIX shell: its lines are neither checked "
        "nor run, and the output around them is not compared [foreign-prompt]",
        "p.md:12: error: unknown docker command 'exce' (did you mean 'exec'?) [docker-usage]"]


def test_a_mysql_session_in_a_script_takes_its_continuations_and_tables_up_to_the_next_command():
    text = fence("bash", "docker ps\nmysql> CREATE TABLE `exam` (\n    ->   `id` bigint(20) NOT NULL,\n    -> );\n"
                         "+----+\n| id |\n+----+\nQuery OK, 0 rows affected\n\ndocker imgaes")
    assert commands(text) == [(2, "docker ps"), (11, "docker imgaes")]
    assert [line.split(": ")[1] for line in check(text)] == ["note", "error"]


@pytest.mark.parametrize("prompt", ["> use admin", "mysql> select 1;"])
def test_a_prompt_inside_a_here_document_is_its_text(prompt):
    text = fence("bash", f"cat <<EOF\n{prompt}\nEOF")
    assert commands(text) == [(2, f"cat <<EOF\n{prompt}\nEOF")] and check(text) == []


# --- heldout-12: a build tool's output, an author's elision lines --------------------------------------------------

GRADLE = "> Task :compileJava NO-SOURCE\n> Task :build UP-TO-DATE\n\nBUILD SUCCESSFUL in 3s\n2 actionable tasks: 2 up-to-date"


def test_gradles_steps_under_its_command_are_output_not_a_continuation():
    text = fence("console", f"$ ./gradlew build\n{GRADLE}\n$ doccker ps")
    assert commands(text) == [(2, "./gradlew build"), (8, "doccker ps")]
    (expectation,) = extract_page("p.md", text)[0].expectations
    assert [line for _, line in expectation.lines] == [3, 4, 5, 6, 7]
    assert check(text) == ["p.md:8: error: unknown command 'doccker' (did you mean 'docker'?) [unknown-command]"]


def test_gradles_steps_in_a_script_are_one_output_warning_and_a_typo_after_them_stays():
    assert check(fence("bash", f"./gradlew build\n{GRADLE}\ndoccker ps")) == [
        "p.md:3: warning: this looks like output (or a file's content) pasted into a script: use a ```console block "
        "with `$ ` prompts, or a `<!-- docktest output -->` block (those lines are neither checked nor run) "
        "[output-in-script]",
        "p.md:8: error: unknown command 'doccker' (did you mean 'docker'?) [unknown-command]"]


@pytest.mark.parametrize("elision", [".. 생략 ..", ".. master-1 ..", "...생략...", "... master ..."])
def test_an_authors_elision_line_is_no_command(elision):
    assert check(fence("bash", f"docker logs web\n{elision}\ndoccker ps")) == [
        "p.md:3: warning: this line is not shell but an elision (`...`: lines left out), in a shell block: move such "
        "lines out of it (they are neither checked nor run) [not-shell]",
        "p.md:4: error: unknown command 'doccker' (did you mean 'docker'?) [unknown-command]"]
    (expectation,) = extract_page("p.md", fence("console", f"$ docker logs web\nstarting\n{elision}\nready"))[0].expectations
    assert [text for text, _ in expectation.lines] == ["starting", "...", "ready"]  # compared as lines left out


@pytest.mark.parametrize("code", ["../run.sh ..", ".. .."])
def test_a_path_between_dots_is_no_elision(code):
    assert commands(fence("bash", code)) == [(2, code)]


TELNET = """telnet localhost 11223
Trying 127.0.0.1...
Connected to localhost.
$ telnet localhost 22323
Trying 127.0.0.1...
Connected to localhost.
$ {second} localhost 55432
Trying 127.0.0.1..."""


def test_prompts_with_output_under_an_unprompted_first_command_are_a_transcript():
    # heldout-12: a `bash` fence whose first command has no `$ `, the others have, each with its output
    text = fence("bash", TELNET.format(second="telnet"))
    assert commands(text) == [(2, "telnet localhost 11223"), (5, "telnet localhost 22323"), (8, "telnet localhost 55432")]
    assert {line.split(" [")[-1] for line in check(text)} == {"not-in-sandbox]"}  # telnet is no typo
    assert "(did you mean 'telnet'?)" in "".join(check(fence("bash", TELNET.format(second="telent"))))
    # a caption first belongs to no command
    assert commands(fence("bash", "Run these:\n$ docker ps\nCONTAINER ID   IMAGE\n$ docker images\nREPOSITORY  TAG")) == [
        (3, "docker ps"), (5, "docker images")]


def test_stray_prompts_in_a_script_without_output_stay_errors():
    text = fence("bash", "docker ps\n$ docker images\n$ docker volume ls")
    assert [line.split(" [")[-1] for line in check(text)] == ["prompt-in-script]", "prompt-in-script]"]


def test_a_command_continued_at_bash_s_secondary_prompt_is_one_command():
    # heldout-12: `docker run \` ⏎ `> --rm \` ⏎ … ⏎ `> test`, as the terminal echoes it, then the container's prompt
    text = fence("bash", "docker run \\\n> --rm \\\n> -p 11223:11223 \\\n> test\nroot@72936979f44d:/#")
    assert commands(text) == [(2, "docker run \\\n--rm \\\n-p 11223:11223 \\\ntest")]
    assert [line.split(" [")[-1] for line in check(text)] == ["inside-container]"]
    broken = fence("bash", "docker rnu \\\n> --rm \\\n> test")
    assert "unknown docker command 'rnu'" in "".join(check(broken))
    # one `> ` after a `\`: a redirection in a script, as bash reads it
    assert commands(fence("bash", "echo hi \\\n> out.log\ncat out.log")) == [(2, "echo hi \\\n> out.log"), (4, "cat out.log")]


def test_a_loop_at_a_prompt_goes_on_to_its_done():
    # Docker's uninstall loop as heldout-12's book prints it: bash's `> ` left out under `$ for …`
    text = fence("bash", "$ for pkg in docker.io podman-docker;\ndo\n    docker rmi $pkg;\ndone\n$ docker ps")
    assert commands(text) == [(2, "for pkg in docker.io podman-docker;\ndo\n    docker rmi $pkg;\ndone"), (6, "docker ps")]
    assert check(text) == []
    assert "unknown docker command 'rmii'" in "".join(check(text.replace("rmi", "rmii")))
    unfinished = fence("bash", "$ for pkg in docker.io podman-docker; do\n    docker rmi $pkg\n$ docker ps")
    assert [line.split(" [")[-1] for line in check(unfinished)] == ["bash-syntax]"]
