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
    # heldout-13 (a Chinese Elasticsearch tutorial): `GET /_cat/indices?v` and `_cat/nodes` print tables whose
    # header is in lower case (`health` is one letter from `heat`), numbers aligned right
    "health status index    uuid                   pri rep docs.count\n"
    "green  open   pms      xlU0BjEoTrujDgeL6ENMPw   1   0         41\n"
    "yellow open   customer 9uPjf94gSq-SJS6eOuJrHQ   5   1          0",
    "ip        heap.percent ram.percent cpu load_1m load_5m load_15m node.role master name\n"
    "127.0.0.1           23          94  28                          mdi       *      KFFjkpV",
    # `docker images` whose header a paste ran into the first row
    "REPOSITORY                  TAG        IMAGE ID       CREATED        SIZE             latest     dc3bacd8b5ea\n"
    "goharbor/harbor-migrator    v1.10.6    a5d4a4ee44e4   2 weeks ago    356MB\n"
    "goharbor/redis-photon       v1.10.6    99e25b65195c   2 weeks ago    132MB",
    # the Java stack trace an application printed (heldout-13, Spring Data Redis)
    "Caused by: java.lang.NoClassDefFoundError: org/apache/commons/pool2/impl/GenericObjectPoolConfig\n"
    "\tat org.springframework.cglib.proxy.MethodProxy.invokeSuper(MethodProxy.java:244) ~[spring-core-5.1.5.jar:5.1.5]\n"
    "\tat sun.reflect.NativeMethodAccessorImpl.invoke0(Native Method) ~[na:1.8.0_91]\n"
    "\tat x.Config$$EnhancerBySpringCGLIB$$5caa7e47.redis(<generated>) ~[x.jar:2.1.3]\n"
    "\t... 111 common frames omitted",
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
    ("> docker ps\nCONTAINER ID  IMAGE    NAMES\n177ac385ab9f  busybox  b01", [(2, "docker ps")]),
    # heldout-12: Swarm's service logs, behind `service.slot.task@node` and a bar; a typo after them stays a command
    ("docker service logs --tail 2 lb\nlb.1.9xv3jpwuhk3k@docker-desktop    | 10.0.1.8:37336 [25/Aug/2020:18:24:02.387]"
     " master-tcp-node 1/0/5\nlb.1.9xv3jpwuhk3k@docker-desktop    | 10.0.1.8:37348 [25/Aug/2020:18:24:03.254] x\n"
     "doccker ps", [(2, "docker service logs --tail 2 lb"), (5, "doccker ps")]),
    # heldout-12: what a Kafka consumer printing its headers, `docker stack rm`, telnet and `route -n` print
    ("kafka-console-consumer --topic t --property print.headers=true\n"
     'NO_HEADERS      {"schema":{"type":"int32"},"payload":{"message":111}}\ndoccker ps',
     [(2, "kafka-console-consumer --topic t --property print.headers=true"), (4, "doccker ps")]),
    ("docker stack rm master\nRemoving service master_master-db\nRemoving network master_repl-net\ndoccker ps",
     [(2, "docker stack rm master"), (5, "doccker ps")]),
    ("telnet localhost 11223\nTrying 127.0.0.1...\nConnected to localhost.\nEscape character is '^]'.",
     [(2, "telnet localhost 11223")]),
    ("route -n\nKernel IP routing table\nDestination     Gateway         Genmask         Flags Metric Ref    Use Iface\n"
     "0.0.0.0         172.17.0.1      0.0.0.0         UG    0      0        0 eth0\ndocker imgaes",
     [(2, "route -n"), (6, "docker imgaes")]),
    # heldout-13 (the 101 tutorial's translations): what `ls` lists under it; a typo under it stays a command
    ("ls\npackage.json  spec          src           yarn.lock", [(2, "ls")]),
    ("ls -a app\npackage.json  spec  src\ndcoker  ps", [(2, "ls -a app"), (4, "dcoker  ps")]),
    # a table's look-alike of commands aligned in columns: flags make them commands
    ("docker run  -d  nginx  web\ndocker ps   -a  -q", [(2, "docker run  -d  nginx  web"), (3, "docker ps   -a  -q")]),
    # a frame's shape needs its source file and line: `at` scheduling a job stays a command
    ("at now + 1 minute\ndocker ps", [(2, "at now + 1 minute"), (3, "docker ps")]),
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


# Logs and tools' output as heldout-7's runbooks and samples paste them (Oracle's image guides, .NET's samples)
@pytest.mark.parametrize("log", [
    # a log led by its time stamp, with `#` rules and a banner in it
    "01-31-2024 12:31:20 UTC :  : ####################################\n"
    "01-31-2024 12:31:20 UTC :  :  Oracle Database ORCLCDB is up and running on racnodep1\n"
    "01-31-2024 12:31:27 UTC :  : Executing script to set the remote listener",
    "02/06/2025 06:15:32 PM     INFO:  orasetupenv  -     setbanner      :\n"
    "          =====================================\n          Grid is not installed on this machine\n"
    "          =====================================",
    "[2024-01-31T10:45:54Z] server started\n[2024-01-31T10:45:55Z] listening on :8080",
    # a banner between `=` or `#` rules; an all-capitals one alone
    "          ===============================\n          ORACLE DATABASE IS READY TO USE\n"
    "          ===============================",
    "#################################################\nrunOracle.sh: NFS Server is up and running\n"
    "Create NFS volume for /oradata\n#################################################",
    "CONNECTION MANAGER IS READY TO USE!",
    # Compose's log prefix: a container's name padded to its neighbours', with no `-1` after it
    "racnode-storage  | ####################################################\n"
    "racnode-storage  |  NFS Server is up and running\nracnode-storage  |  Create NFS volume for /oradata/",
    # Prometheus metrics as `curl /metrics` prints them, `# HELP` lines among them
    "# HELP requests_per_second Request Rate\n# TYPE requests_per_second gauge\n"
    "microsoftaspnetcorehosting_requests_per_second 0 1681509071290\n"
    'http_requests_total{method="post",code="200"} 1027',
    # an API's answers in JSON, one object a line (one JSON document alone is a JSON file: `not-shell`)
    '{"timestamp":"2023-04-11T02:05:22.4036612+00:00","name":"requests-per-second","value":7}\n'
    '{"timestamp":"2023-04-11T02:05:22.4037646+00:00","name":"total-requests","value":27}',
    # podman's build and an image script's last lines
    " Oracle RAC Storage Server Container Image version latest is ready to be extended:\n\n"
    "    --> oracle/rac-storage-server:latest\n\n  Build completed in 1419 seconds.",
    "STEP 1/2: FROM oraclelinux:8\nSTEP 2/2: RUN dnf -y install nfs-utils\nCOMMIT oracle/nfs:latest\n--> 3f2b1c0d9e8a",
    # `kubectl describe`'s events under their rule, `ls -l`'s rows
    " Type     Reason     Age   From               Message\n  ----     ------     ----  ----               -------\n"
    "  Normal   Scheduled  57s   default-scheduler  Successfully assigned default/liveness-exec to node01",
    "total 8\n-rw-r--r-- 1 oracle oinstall 3086 Jan 31 10:45 grid.rsp\ndrwxr-xr-x 2 oracle oinstall 4096 Jan 31 10:45 db",
])
def test_a_log_or_a_tools_output_alone_is_one_warning_and_runs_nothing(log):
    text = fence("bash", log)
    assert [line.rsplit(" ", 1)[1] for line in check(text)] == ["[output-in-script]"]
    assert commands(text) == []


@pytest.mark.parametrize("code, output_line", [
    ("docker compose logs -f rac-dnsserver\n\n"
     "rac-dnsserver  | 01-31-2024 07:22:06 UTC :  : DNS Server started successfully", 4),
    ("ip link show|grep ens\n3: ens5: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP mode DEFAULT", 3),
    ("podman ps -a\n\n58642afb20eb  localhost/oracle/rac-dnsserver:latest   23 hours ago  Up 23 hours  rac-dnsserver", 4),
    ("ls /scratch/software/goldimages\nLINUX.X64_260000_db_home.zip  LINUX.X64_260000_grid_home.zip", 3),
    ("curl http://localhost:8080/Environment\n"
     '{"runtimeVersion":".NET 8.0.5","osVersion":"Alpine Linux v3.19","processorCount":1}', 3),
    # heldout-12: `brctl show`'s table, its header in lower case, a row led by `docker0` (no typo of docker)
    ("brctl show\nbridge name     bridge id               STP enabled     interfaces\n"
     "br-6658776917d2         8000.024269d64991       no\ndocker0         8000.024273367085       no    vethac20fa0", 3),
])
def test_a_log_under_its_command_is_one_warning_and_the_command_still_runs(code, output_line):
    text = fence("bash", code)
    findings = [line for line in check(text) if "[not-in-sandbox]" not in line]
    assert [line.split(": ")[0] + " " + line.rsplit(" ", 1)[1] for line in findings] == [
        f"p.md:{output_line} [output-in-script]"]
    assert commands(text) == [(2, code.split("\n")[0])]


@pytest.mark.parametrize("code, message", [
    # a pipeline whose first word is a program keeps running, however its bar is spaced
    ("ls  | wc -l\ndokcer ps", "p.md:3: error: unknown command 'dokcer' (did you mean 'docker'?) [unknown-command]"),
    # a date is no program, `date` is: the command after a log line stays a command
    ("2024-01-01 12:00:00 started\ndate\ndokcer ps",
     "p.md:4: error: unknown command 'dokcer' (did you mean 'docker'?) [unknown-command]"),
    # a metric's look-alike that starts with a program's name, or a typo of one, is a command
    ("sleep 5\ndocker_ps 5", "p.md:3: error: unknown command 'docker_ps' [unknown-command]"),
    # a banner's rules around a command do not make it output
    ("=====\ndocker imgaes\n=====", "p.md:3: error: unknown docker command 'imgaes' (did you mean 'images'?) "
                                     "[docker-usage]"),
    # commands aligned in columns are a script: the typo among them stays an error
    ("docker ps\ndocker  run  -d  nginx\ndocker  run  -d  redis\ndocker0  ps  -a  --all",
     "p.md:5: error: unknown command 'docker0' (did you mean 'docker'?) [unknown-command]"),
])
def test_a_broken_command_beside_log_shapes_still_fails(code, message):
    assert message in check(fence("bash", code))


def test_a_zsh_prompt_before_json_keeps_its_command_out_of_the_output():
    text = fence("bash", '% curl http://localhost:8080/Environment\n{"runtimeVersion":".NET 8.0.5"}')
    assert not any("this block is output" in line for line in check(text))


# heldout-8 (AWS's EKS workshop): what a command prints, pasted in a `bash` fence of its own, with rows no single
# output rule knows; most rows are output-shaped and none names a program, so the block is output as a whole
@pytest.mark.parametrize("output", [
    # eks-node-viewer's bars
    "1 nodes (      200m/1780m) 11.2% cpu ████░░░░░░░░░░░░ $0.042/hour | $30.740/month\n"
    "4 pods (0 pending 4 running 4 bound)\n\n"
    "i-0123456789abcdef0 cpu ████░░░░░░░░░░░░  11% (1 pods) t3a.medium/$0.0421 On-Demand/Auto - Ready -",
    # `kubectl top pod`: a header with `CPU(cores)`, then a row led by a program's name
    "NAME       CPU(cores)   CPU%   MEMORY(bytes)   MEMORY%\nminikube   418m         10%    2388Mi          30%",
    # `kubectl describe`: `Key:  value` rows, a path row under `Mounts:`, the events' rule
    "Name:                adot-collector\nLabels:              app.kubernetes.io/managed-by=eksctl\n"
    "                     aws-usage=application\nImage pull secrets:  <none>\nMountable secrets:   <none>\n"
    "    Host Port:      <none>\n    Mounts:\n      /var/lib/postgresql/data from postgres-data (rw)",
    # `kubectl get pod -o yaml` with `(snip)` where lines were left out
    "apiVersion: v1\nkind: Pod\nmetadata:\n(snip)\n  name: fastapi-postgres-0\n(snip)\nspec:\n  containers:\n"
    "  - env:\n    - name: PGDATA",
    # Homebrew's install log
    "==> Fetching aws/tap/eks-node-viewer\n==> Installing eks-node-viewer from aws/tap\n"
    "🍺  /opt/homebrew/Cellar/eks-node-viewer/0.7.4: 4 files, 136.0MB, built in 4 seconds\n"
    "Disable this behaviour by setting `HOMEBREW_NO_INSTALL_CLEANUP=1`.",
    # `kubectl apply`'s answers
    "service/fastapi-service unchanged\ndeployment.apps/fastapi-deployment configured",
    # heldout-9: Trivy's scan report (box rules, a place in a file, numbered source lines)
    "main.tf (terraform)\n\nTests: 10 (SUCCESSES: 0, FAILURES: 10)\n\n (CRITICAL): The resource \"aws_s3_bucket\" does "
    "not contain the following required tags: {\"Access\"}\n══════════\nEnsure required tags are set on AWS resources\n"
    "──────────\n main.tf:3-5\n   via main.tf:1-6 (aws_s3_bucket.this)\n──────────\n   1   resource \"aws_s3_bucket\" "
    "\"this\" {\n   2     bucket = \"test\"\n   3 ┌   tags = {\n   4 │     Owner: \"user\"\n   5 └   }\n   6   }",
    # an OPA type error: the source row a caret marks, a key qualified in parentheses
    "1 error occurred: testcheck.rego:8: rego_type_error: undefined ref: input.evil\n        input.evil\n"
    "              ^\n              have: \"evil\"\n              want (one of): [\"Stages\"]",
])
def test_output_with_rows_no_rule_knows_is_one_warning_and_runs_nothing(output):
    text = fence("bash", output)
    assert check(text) == [WHOLE]
    assert commands(text) == []


@pytest.mark.parametrize("code, message", [
    # a mistyped program among output rows: the block is not output, the typo is reported
    ("NAME       CPU(cores)   MEMORY(bytes)\nkubeclt get pods",
     "p.md:3: error: unknown command 'kubeclt' (did you mean 'kubectl'?) [unknown-command]"),
    ("Name:   web\nStatus:  Running\ndoccker ps",
     "p.md:4: error: unknown command 'doccker' (did you mean 'docker'?) [unknown-command]"),
    # a script of the page's, named by a relative path, is a program, not kubectl's answer
    ("Labels:   app=web\nbin/setup.sh mymachine", None),
    # a command in backticks among `Key: value` rows still reads as one (heldout-7: `` `$ podman run … ` ``)
    ("Port:  7003\n`$ docker run -it web`", None),
    # a typo beside a scanner's rules and places, under a caret; a program before a place in a file is a command
    ("──────────\n main.tf:3-5\ndoccker ps", "p.md:4: error: unknown command 'doccker'"),
    ("1 error occurred\n  doccker ps\n  ^\ndokcer ps", "p.md:5: error: unknown command 'dokcer'"),
    ("Tests: 10\n main.tf:3-5\nvim main.tf:3 (the tags)", None),
])
def test_a_command_among_output_shaped_rows_keeps_the_block_a_script(code, message):
    findings = check(fence("bash", code))
    assert not any("this block is output" in line for line in findings)
    assert message is None or any(message in line for line in findings)


def test_a_registry_client_s_progress_under_its_command_is_output():
    # heldout-9: `oras push`'s progress under it, in Trivy's module guide
    text = fence("bash", "oras push ghcr.io/x/module:latest module.wasm:application/vnd.module.wasm.content.layer.v1+wasm\n"
                         "Uploading 3daa3dac086b module.wasm\nPushed ghcr.io/x/module:latest\n"
                         "Digest: sha256:" + "6" * 64)
    assert [row for _, row in commands(text)] == [text.split("\n")[1]]
    assert any("p.md:3: warning: this looks like output" in line for line in check(text))
    after = check(fence("bash", "oras push x:1 m.wasm\nUploading 3daa3dac086b m.wasm\ndokcer ps"))
    assert "p.md:4: error: unknown command 'dokcer' (did you mean 'docker'?) [unknown-command]" in after


def test_kubectl_apply_s_answers_under_it_are_output_and_never_run():
    # heldout-8: a first word with a `/` was taken for a script's path and not checked, so `run` would execute it
    text = fence("bash", "kubectl apply -f eks/deploy-app-python.yaml\nservice/fastapi-service unchanged\n"
                         "deployment.apps/fastapi-deployment configured")
    assert commands(text) == [(2, "kubectl apply -f eks/deploy-app-python.yaml")]
    assert [line.split(": ")[0] + " " + line.rsplit(" ", 1)[1] for line in check(text)] == [
        "p.md:2 [not-in-sandbox]", "p.md:3 [output-in-script]"]


@pytest.mark.parametrize("code", ["./run.sh\nbin/setup install", "bin/setup.sh configured", "/usr/local/bin/x started"])
def test_a_program_named_by_its_path_stays_a_command(code):
    assert [row for _, row in commands(fence("bash", code))] == code.split("\n")


# heldout-11 (OpenFaaS' and frappe_docker's pages): what a command prints, right under it in a `bash` fence
@pytest.mark.parametrize("code, output_line, runs", [
    # `curl -i`'s status line, then a one-line body
    ('curl -i http://127.0.0.1:8080/function/api \\\n  -H "Authorization: Bearer x"\n\nHTTP/2 401\n'
     'Invalid authentication\n\ncurl -i http://127.0.0.1:8080/function/api', 5,
     [(2, 'curl -i http://127.0.0.1:8080/function/api \\\n  -H "Authorization: Bearer x"'),
      (8, "curl -i http://127.0.0.1:8080/function/api")]),
    # a one-word answer under the command that printed it
    ("echo | faas-cli invoke --name print-secret\nellis", 3, [(2, "echo | faas-cli invoke --name print-secret")]),
    # argparse's --help: usage, sections, option rows with their wrapped help
    ("python installer.py --help\nusage: installer.py [-h] [-j APPS_JSON] [-v]\n\noptions:\n"
     "  -h, --help            show this help message and exit\n  -j APPS_JSON, --apps-json APPS_JSON\n"
     "                        Path to apps.json, default: apps-example.json\n  -v, --verbose         verbose output",
     3, [(2, "python installer.py --help")]),
    # kind's progress line under its command
    ('kind create cluster --image kindest/node:main\nCreating cluster "kind" ...', 3,
     [(2, "kind create cluster --image kindest/node:main")]),
])
def test_what_a_command_prints_under_it_is_output_and_never_runs(code, output_line, runs):
    text = fence("bash", code)
    findings = [line for line in check(text) if "[not-in-sandbox]" not in line and "faas-cli" not in line]
    assert [line.split(": ")[0] + " " + line.rsplit(" ", 1)[1] for line in findings] == [
        f"p.md:{output_line} [output-in-script]"]
    assert commands(text) == runs


@pytest.mark.parametrize("code, message", [
    # a mistyped command as the last row stays a command
    ("docker ps\ndoccker", "p.md:3: error: unknown command 'doccker' (did you mean 'docker'?) [unknown-command]"),
    # a word after a sourced script may be its function, not an answer
    ("source venv/bin/activate\npip list\ndeactivate", "p.md:4: note: 'deactivate' may be defined by the sourced "
     "`venv/bin/activate`: a function or alias a script defines is a command only after it runs [sourced-name]"),
    # a function the block defines is a command
    ("greet() { echo hi; }\necho start\ngreet", None),
    # a mistyped command among option rows still fails
    ("python app.py --help\nusage: app.py [-h]\n  -h, --help  show this help message and exit\ndokcer ps",
     "p.md:5: error: unknown command 'dokcer' (did you mean 'docker'?) [unknown-command]"),
])
def test_a_last_word_or_a_command_among_help_rows_stays_a_command(code, message):
    found = [line for line in check(fence("bash", code)) if "[not-in-sandbox]" not in line
             and "[output-in-script]" not in line]  # the help rows above are output: their one warning
    assert found == ([message] if message else [])


ANNOUNCED = ("p.md:4: warning: the text above calls this block output and no line of it reads as a command: tag it "
             "```text, or show it under its command in a ```console block with `$ ` prompts (nothing in it is checked "
             "or run) [output-in-script]")


# heldout-11 (kind's auditing page): `Expected output:` above a `bash` fence that holds what `ls` printed
@pytest.mark.parametrize("prose", ["Expected output:", "Output:", "출력 결과:"])
def test_a_fence_the_page_calls_output_is_one_warning_and_runs_nothing(prose):
    text = f"{prose}\n\n" + fence("bash", "audit-policy.yaml")
    assert check(text) == [ANNOUNCED]
    assert commands(text) == []


@pytest.mark.parametrize("prose, code, message", [
    # a command under `Output:` stays checked, a typo of one too
    ("Output:", "dokcer ps", "p.md:4: error: unknown command 'dokcer' (did you mean 'docker'?) [unknown-command]"),
    # prose that announces no output
    ("Run:", "audit-policy.yaml", "p.md:4: error: unknown command 'audit-policy.yaml' [unknown-command]"),
])
def test_a_command_under_output_prose_or_a_word_under_other_prose_is_checked(prose, code, message):
    assert check(f"{prose}\n\n" + fence("bash", code)) == [message]


def test_a_console_block_of_output_under_output_prose_is_left_alone():
    # heldout-9 (nginx-proxy's README): a transcript block may hold output alone
    assert check("Example output:\n\n" + fence("console", "I'm 5b129ab83266")) == []


# heldout-12 (yeasy's Docker book): etcdctl's `--help` pasted into a bash fence, its sections' rows tab-aligned
HELP = ("NAME:\n\tetcdctl - A simple command line client for etcd3.\n\nUSAGE:\n\tetcdctl [flags]\n\nCOMMANDS:\n"
        "\tget\t\t\tGets the key or a range of keys\n\twatch\t\t\tWatches events stream on keys or prefixes\n"
        "\tdel\t\t\tRemoves the specified key or range of keys [key, range_end)\n\nOPTIONS:\n"
        '      --cacert=""\t\t\t\tverify certificates of TLS-enabled secure servers using this CA bundle')


def test_a_programs_help_listing_is_output():
    text = fence("bash", HELP)
    assert check(text) == [WHOLE] and commands(text) == []


@pytest.mark.parametrize("code, expected", [
    (f"etcdctl --help\n{HELP}\ndoccker ps", [(2, "etcdctl --help"), (16, "doccker ps")]),
    # one heading above indented commands is a label, not a listing: they run
    ("SETUP:\n  docker network create app\n  docker imgaes", [(3, "docker network create app"), (4, "docker imgaes")]),
])
def test_commands_beside_a_help_listing_or_under_one_label_stay_commands(code, expected):
    assert commands(fence("bash", code)) == expected
