"""Prose, tables and code of other languages inside shell blocks (issue 16, item 7): one `not-shell` warning, never
run; a mistyped command beside them stays an error. The lines are short excerpts of patterns in real Korean notes."""

from __future__ import annotations

import pytest

from docktest.check.rules import check_page
from docktest.extract.markdown import extract_page


def fence(lang: str, code: str) -> str:
    return f"```{lang}\n{code}\n```\n"


def findings(text: str) -> list[tuple[int, str, str]]:
    return [(f.line, f.severity, f.rule) for f in check_page("p.md", text, extract_page("p.md", text))]


def run(text: str) -> list[str]:
    return [c.text for snippet in extract_page("p.md", text) for c in snippet.commands]


@pytest.mark.parametrize("line, what", [
    ("app.run(host='0.0.0.0', port=8080)", "a call (`name(…)`)"),
    ('rate(container_cpu_usage_seconds_total{name!=""}[5m])', "a call (`name(…)`)"),
    ("objgraph.show_most_common_types()", "a call (`name(…)`)"),
    ("(container_memory_usage_bytes / container_spec_memory_limit_bytes) * 100", "an arithmetic expression"),
    ('container_memory_usage_bytes{name!=""}', "a query (`metric{label=…}`)"),
    ("if random.random() < 0.01:", "Python"),
    (":pods", "an editor's or k9s's command (`:name`)"),
    ("|____Dockerfile", "a folder listing"),
    # heldout-14 (a MongoDB cheat sheet): a dump's tree drawn with `|_`, and the query operators it lists
    (" |_dumbbase", "a folder listing"),
    ("     |_action_figures.bson", "a folder listing"),
    ("lte - Less Than Equals", "a term and its meaning (`name - Meaning`)"),
    ("CVE-2024-5678 exp:2024-12-31", "a label or an identifier (no program is named so)"),
    ("MAJOR.MINOR.PATCH", "a label or an identifier (no program is named so)"),
    ("Priority 1: Critical (CVSS 9.0-10.0)", "prose or a table (its first word is no program's)"),
    ("Settings → Repository → Tag Retention Policy", "prose or a table (its first word is no program's)"),
    ("Severity threshold: High", "prose or a table (its first word is no program's)"),
    ("frontend → api-gateway → backend ✅", "prose or a table (its first word is no program's)"),
    ("S3 Versioning + Lifecycle", "prose or a table (its first word is no program's)"),
    ("SHOW SLAVE STATUS\\G", "SQL"),
    ("use admin", "a database shell's command (`use db`, `show dbs`)"),
    ("show dbs", "a database shell's command (`use db`, `show dbs`)"),
    ("rs.initiate()", "a call (`name(…)`)"),
    ("int main () {", "C code"),
    ("static void usage(char *name)", "C code"),
    # container.training: a flag's value shown by its parts, and elided output
    ("[host-path]:[container-path]:[rw|ro]", "a value's format (`[host-path]:[container-path]`)"),
    ("...", "an elision (`...`: lines left out)"),
    (".... OUTPUT OF APT-GET COMMANDS ....", "an elision (`...`: lines left out)"),
    ("…", "an elision (`...`: lines left out)"),
    # Eficode's cheat sheet: keys to press, beside the commands
    ("Ctrl + P, Ctrl + Q                    # Detach from container", "a key press (`Ctrl + C`)"),
    ("Ctrl + D", "a key press (`Ctrl + C`)"),
    # heldout-7 (Oracle's RAC guides): other files pasted into a bash fence, a line at a time
    ("DOMAIN=###Default value set to example.com###", "an env file's line (`KEY=###remark###`)"),
    ("10.0.20.100  oshard-gsm1.example.com  oshard-gsm1", "a hosts file's line (`IP  name …`)"),
    ("::1         localhost localhost.localdomain", "a hosts file's line (`IP  name …`)"),
    ("docker-engine-19.03.11.ol-9.el7.x86_64", "a package list's row (what `rpm -qa` prints)"),
    ("ExecStart=/usr/bin/dockerd -H fd:// --cpu-rt-runtime=950000", "a systemd unit's line (`ExecStart=…`)"),
    # a build script's usage text pasted under its `-h` (Oracle's buildContainerImage.sh, buildExtensions.sh)
    ("   -v: version to build", "a program's option list (its --help)"),
    ("   -o: passes on container build option (e.g., --build-arg SLIMMIMG=true for slim)",
     "a program's option list (its --help)"),
    ('"-x sharding"                 is to specify to have sharding feature in the extended image',
     "a program's option list (its --help)"),
    ("It builds a container image for a DNS server", "prose or a table (its first word is no program's)"),
    ("Create NFS volume for /oradata", "prose or a table (its first word is no program's)"),
    ("For example :", "prose or a table (its first word is no program's)"),
    ("       Choose from : k8s  patching  prebuiltdb  sharding", "prose or a table (its first word is no program's)"),
    # `kubectl cluster-info`'s answer (heldout-9): a name in mixed case, then a sentence
    ("CoreDNS is running at https://0.0.0.0:56049/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy",
     "prose or a table (its first word is no program's)"),
    ("Metrics-server is running at https://0.0.0.0:56049/api/v1", "prose or a table (its first word is no program's)"),
    # heldout-9: Traefik's HMAC pseudo-code and signature string, a claim's name, paperless-ngx's filename template
    ("signature=base64(HMAC(signatureString, secret))", "pseudo-code (`x = f(…)`)"),
    ("(request-target): get /foo/bar", "a header line (`(name): value`)"),
    ("(created): 1929494939", "a header line (`(name): value`)"),
    ("user.name", "a property's name (`user.name`)"),
    # heldout-14's false-pass sample: a placeholder part must not hide the name (it was only a placeholder note)
    ("jobs.<job_id>.environment", "a property's name (`user.name`)"),
    ("PAPERLESS_FILENAME_FORMAT={{ created_year }}/{{ correspondent }}/{{ title }}", "a template (`{{ name }}`)"),
    # Traefik's "CLI" tabs list its flags one a line, with `=value` or without
    ("--accesslog.filters.retryattempts", "a list of flags"),
    ("--api.insecure", "a list of flags"),
    ("--entrypoints.web.address=:80", "a list of flags"),
    # heldout-10 (a home lab's READMEs): GitLab's gitlab.rb, nginx's access rules, an smb.conf line
    ("unicorn['worker_processes'] = 2", "a Ruby or PHP setting (`name['key'] = value`)"),
    ('postgresql["shared_buffers"] = "128MB"', "a Ruby or PHP setting (`name['key'] = value`)"),
    ("allow 192.168.0.0/24;", "an nginx directive (`name value;`)"),
    ("deny all;", "an nginx directive (`name value;`)"),
    ("server min protocol = NT1", "a configuration file's `key = value` line"),
    # heldout-12 (yeasy's Docker book): steps numbered in a bash fence
    ("1. CMD service nginx start", "a numbered list's item"),
    # heldout-13 (a Chinese MySQL replication tutorial): statements typed in lower case, with no `mysql>` prompt
    ("show master status;", "SQL"),
    ("show slave status \\G;", "SQL"),
    ("change master to master_host='192.168.6.132', master_user='slave', master_port=3307;", "SQL"),
    # heldout-13 (Prometheus's blackbox-exporter reference): a configuration synopsis's optional settings
    ("  [ timeout: <duration> ]  #默认单位秒", "a configuration reference's optional setting (`[ key: <type> ]`)"),
    ('  [ method: <string> | default = "GET" ]', "a configuration reference's optional setting (`[ key: <type> ]`)"),
    ("  [ valid_status_codes: <int>, ... | default = 2xx ]",
     "a configuration reference's optional setting (`[ key: <type> ]`)"),
    ("    [ <string>: <string> ... ]", "a configuration reference's optional setting (`[ key: <type> ]`)"),
    # heldout-13: a Korean course's note on reaching the host, a Chinese tutorial's list of a certificate's files
    ("localhost:port -> host.docker.internal:port", "a note (`a -> b`)"),
    ("blog.macrozheng.com.key # 证书私钥文件", "a file's name (a key or a certificate)"),
    ("blog.macrozheng.com.pem", "a file's name (a key or a certificate)"),
])
def test_prose_and_other_languages_are_one_warning_and_not_run(line, what):
    text = fence("bash", f"docker ps\n{line}\ndoccker ps")
    found = check_page("p.md", text, extract_page("p.md", text))
    assert [(f.line, f.rule, f.message) for f in found] == [
        (3, "not-shell", f"this line is not shell but {what}, in a shell block: move such lines out of it "
                         "(they are neither checked nor run)"),
        (4, "unknown-command", "unknown command 'doccker' (did you mean 'docker'?)")]
    assert run(text) == ["docker ps", "doccker ps"]


@pytest.mark.parametrize("line, rule", [
    ("doccker ps", "unknown-command"),
    ("gti status", "unknown-command"),
    ("dokcer run -d nginx", "unknown-command"),
    ("kubeclt get pods", "unknown-command"),
    ("kubeclt get pods -n Production", "unknown-command"),
    ("Docker run -d nginx", "unknown-command"),
    ("\\docker imgaes", "docker-usage"),
    ("docker imgaes", "docker-usage"),
    ("docker run -d (nginx)", "bash-syntax"),
    ("..doccker ps", "unknown-command"),  # two dots are no elision
    ("[ -f x ] && doccker ps", "unknown-command"),  # a test, not a value's format
    ("ctrl_c_handler --once", "unknown-command"),  # a word that begins with ctrl is no key press
    # an assignment before a command, an address as an argument: commands, not an env file's or a hosts file's line
    ("DOMAIN=example.com doccker ps", "unknown-command"),
    ("ping 10.0.20.100 && doccker ps", "unknown-command"),
    # a capitalised typo of a program's name with shell after it is a command, a word no program has with no
    # sentence after it stays an unknown command
    ("Dokcer run -d the-image", "unknown-command"),
    ("Jpetazzo clock", "unknown-command"),
    ("CoreDNS --config /etc/coredns/Corefile", "unknown-command"),  # an unknown program with flags: a command
    # a script named without `./`, bash's `NAME = value` mistake, an array assignment: shell, checked
    ("deploy.sh", "unknown-command"),
    ("notes.txt", "unknown-command"),
    ('rule = "Host(`example.com`)"', "unknown-command"),
    ("dokcer ps;", "unknown-command"),  # a typo's command ended by `;` is no nginx directive
    ("gti status;", "unknown-command"),  # nor one of a less common program's
    ("hosts=(a b) && doccker ps", "unknown-command"),
    # SQL's words need their statement and its `;`: `show` alone, or without the `;`, or a typo, stays a command
    ("show", "unknown-command"),
    ("show master status", "unknown-command"),
    ("chnage master to master_host='db';", "unknown-command"),
    # a bash test is no optional setting: `[` with a flag, and a key's shape with no `]` to close it
    ("[ -f x ] && doccker ps", "unknown-command"),
    ("[ timeout: 5 && doccker ps", "unknown-command"),
    # an arrow after a program's name is bash's `-` and a redirection; a script's file name is a command
    ("dokcer -> out.txt", "unknown-command"),
    ("deploy.sh # 배포", "unknown-command"),
])
def test_a_mistyped_command_among_them_stays_an_error(line, rule):
    text = fence("bash", f"echo hi\n{line}")
    assert (3, "error", rule) in findings(text)
    assert "not-shell" not in [rule for _, _, rule in findings(text)]


def test_the_line_right_under_code_of_another_language_goes_on_with_it_but_not_after_a_blank():
    text = fence("bash", "rate(container_cpu_usage_seconds_total[5m])\ncontainer_memory_usage_bytes\n\n"
                         "container_memory_usage_bytes")
    assert findings(text) == [(2, "warning", "not-shell"), (5, "error", "unknown-command")]


def test_code_of_another_language_goes_on_to_its_closing_bracket():
    # mongosh in a bash fence (heldout-4, lentiancn/open-docs' MongoDB guide): the object's rows were commands
    text = fence("bash", 'use admin\ndb.createUser({\n  user: "admin",\n  roles: [\n'
                         '    { role: "userAdminAnyDatabase", db: "admin" },\n    { role: "readWrite", db: "admin" }\n'
                         '  ]\n})\ndoccker ps\nrs.initiate({ _id: "rs0" })\ndokcer ps')
    assert findings(text) == [(2, "warning", "not-shell"), (10, "error", "unknown-command"),
                              (12, "error", "unknown-command")]
    assert run(text) == ["doccker ps", "dokcer ps"]
    # a bash function's braces open no other language: its body is still shell
    assert findings(fence("bash", "main() {\n  doccker ps\n}")) == [(3, "error", "unknown-command")]


def test_a_configuration_file_under_a_comment_naming_it_is_not_run_but_a_command_after_it_is():
    text = fence("bash", "# /etc/gitlab/gitlab.rb\nexternal_url 'http://172.100.100.8'\n"
                         "gitlab_rails['registry_enabled'] = true\ndocker restart gitlab")
    assert findings(text) == [(3, "warning", "not-shell")]
    assert run(text) == ["docker restart gitlab"]
    plain = fence("bash", "# 설정\nexternal_url 'http://172.100.100.8'")
    assert findings(plain) == [(3, "error", "unknown-command")]


@pytest.mark.parametrize("code", [
    "wait_for_db() { echo ok; }\nwait_for_db",
    "if [ -f app.py ]; then\n  echo yes\nfi",
    "for f in *.md; do\n  echo \"$f\"\ndone",
    "(cd app && make) | tee build.log",
    "arr=(a b c)\necho \"${arr[@]}\"",
    ": \"${PORT:=8080}\"",
    "main() {\n  echo hi\n}\nmain",  # a bash function, defined with no type before its name
    "echo - Hello World",  # a program before the spaced dash: a command, no glossary's row
    "tar -cf - Documents | gzip > docs.tgz",
])
def test_shell_of_the_same_shapes_stays_shell(code):
    text = fence("bash", code)
    assert "not-shell" not in [rule for _, _, rule in findings(text)]
    assert run(text)


def test_a_kubectl_table_with_plural_columns_is_output():
    text = fence("bash", "kubectl get svc mysql-master -n gition\n"
                         "NAME            TYPE        CLUSTER-IP       EXTERNAL-IP   PORT(S)    AGE\n"
                         "mysql-master   ClusterIP   10.100.170.157   <none>        3306/TCP   4d7h")
    assert [(line, rule) for line, _, rule in findings(text)] == [(2, "not-in-sandbox"), (3, "output-in-script")]
    assert run(text) == ["kubectl get svc mysql-master -n gition"]


@pytest.mark.parametrize("line", [
    "TIMESTAMP=$(date +%Y%m%d_%H%M%S)",
    '  BACKUP_FILE="$BACKUP_DIR/${vol}-$(date +%Y%m%d-%H%M%S).tar.gz"',
    "anchore-cli image vuln nginx:latest all | grep Critical",
    "myprog --flag Value",
    "Myprog Value > out.txt",
])
def test_assignments_and_lines_with_flags_pipes_or_substitutions_are_commands_not_prose(line):
    # Real backup scripts and scanner calls (korean-notes 06-Backup-System, 02-Image-Scanning): read as prose, they
    # were neither checked nor run, a false pass.
    text = fence("bash", line)
    assert "not-shell" not in [rule for _, _, rule in findings(text)]
    assert run(text) == [line.strip()]


def test_an_elision_comment_inside_a_continued_command_stands_for_the_arguments_left_out():
    # Traefik's swarm page: `#... \` for the flags and the image it leaves out, not a missing argument
    elided = "docker service create \\\n  --constraint=node.role==manager \\\n  #... \\"
    assert findings(fence("shell", elided)) == [(4, "note", "unbound-placeholder")]
    assert run(fence("shell", elided)) == ["docker service create \\\n  --constraint=node.role==manager \\\n  ..."]
    # a comment that is no elision ends the command there, as bash ends it; a typo before an elision still fails
    assert (2, "error", "docker-usage") in findings(fence("shell", elided.replace("#...", "# the image")))
    assert (2, "error", "docker-usage") in findings(fence("shell", elided.replace("create", "craete")))


# heldout-14 (a Chinese Ruby cheat sheet): its operator examples in a bash fence
RUBY = "# 添加\n1 + 1   #=> 2\na = 10\nb = 20\na == b #=> false\na <=> b #=> -1\n(1...10) === 5 #=> true\n~a\na << 2"


@pytest.mark.parametrize("code", [RUBY, "def greet\n  puts 'hi'\nend\n5.times do\n  greet\nend"])
def test_a_block_of_another_languages_expressions_is_one_not_shell_warning(code):
    text = fence("bash", code)
    assert findings(text) == [(2 + (code[0] == "#"), "warning", "not-shell")]
    assert run(text) == []


@pytest.mark.parametrize("code, expected", [
    # a mistyped program among them keeps the block shell: the typo is found
    ("dokcer ps\n" + RUBY, (2, "error", "unknown-command")),
    ("docker imgaes\n" + RUBY, (2, "error", "docker-usage")),
    # bash's usual mistake on its own is no other language
    ("NAME = value", (2, "error", "unknown-command")),
])
def test_a_command_among_expressions_or_an_assignment_alone_stays_checked(code, expected):
    assert expected in findings(fence("bash", code))
