"""Issue 16, item 4: placeholders and synopses stand for one value each; the rest of the command is still checked.

The forms are those of real notes and of Docker's own reference (`docker run [OPTIONS] IMAGE[:TAG]…`).
"""

from __future__ import annotations

import pytest

from docktest.check.rules import check_page
from docktest.extract.markdown import extract_page
from docktest.extract.placeholders import substitute
from docktest.report.formats import finding_line


def check(code: str) -> list[tuple[str, str]]:
    text = f"```bash\n{code}\n```\n"
    return [(f.rule, finding_line(f)) for f in check_page("p.md", text, extract_page("p.md", text))]


def unbound(code: str) -> list[str]:
    return [shown for _, shown in substitute(code, {}).unbound]


@pytest.mark.parametrize("code, placeholders", [
    ("docker run -d <image>", ["<image>"]),
    ("docker rm -f <container-id>", ["<container-id>"]),
    ("docker stop ‹컨테이너 이름›", ["‹컨테이너 이름›"]),
    ("docker rm (옵션) 컨테이너_이름", ["(옵션)", "컨테이너_이름"]),
    ("docker run [OPTIONS] IMAGE[:TAG] [COMMAND] [ARG...]", ["[OPTIONS]", "IMAGE[:TAG]", "[COMMAND]", "[ARG...]"]),
    ("docker inspect {이미지 이름}", ["{이미지 이름}"]),
    ("docker run -d <이미지명>:<태그>", ["<이미지명>", "<태그>"]),
    ("docker logs <container-id 또는 name>", ["<container-id 또는 name>"]),
    ("docker rm CONTAINER [CONTAINER...]", ["CONTAINER", "[CONTAINER...]"]),
    ("docker rm <container_id> <container_id> ...", ["<container_id>", "<container_id>", "..."]),
    ("docker [OPTIONS] COMMAND", ["[OPTIONS]", "COMMAND"]),
    ("docker exec -it [컨테이너 이름 또는 ID] /bin/bash", ["[컨테이너 이름 또는 ID]"]),
    ("docker network create --driver=[NETWORK DRIVER] [DRIVER NAME]", ["[NETWORK DRIVER]", "[DRIVER NAME]"]),
    ("docker commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]", ["[OPTIONS]", "CONTAINER", "[REPOSITORY[:TAG]]"]),
    ("docker start <컨테이너이름 or 컨테이너id >", ["<컨테이너이름 or 컨테이너id >"]),
    ("docker pull [OPTIONS] NAME[:TAG|@DIGEST]", ["[OPTIONS]", "NAME[:TAG|@DIGEST]"]),
    ("docker exec -it db mysql -u root -p<비밀번호>", ["<비밀번호>"]),
    ("docker run -v </path/to/appdata/config>:/config nginx", ["</path/to/appdata/config>"]),  # heldout-6
    # slides (Remark) highlight the part to change with backticks: one word that is no program nor a typo of one
    ("docker service create --replicas 5 elasticsearch`:2`", ["`:2`"]),
    ("docker run golang go get `-v` github.com/docker/swarmkit", ["`-v`"]),
    ("docker node inspect node`Y`", ["`Y`"]),
    # a synopsis's part on a line that continues the command above
    ("docker buildx build --platform linux/amd64 . \\\n  [--tag jpetazzo/hello --push]", ["[--tag jpetazzo/hello --push]"]),
    # words to fill in brackets with a space between (a glob's brackets hold none), capitals joined by dashes in a
    # docker command (IBM's docker101, Docker's get-started, translated)
    ("docker container logs [container id]", ["[container id]"]),
    ("docker run -v HOST-DIRECTORY:/CONTAINER-DIRECTORY:rw nginx", ["HOST-DIRECTORY", "CONTAINER-DIRECTORY"]),
    ("docker tag getting-started YOUR-USER-NAME/getting-started", ["YOUR-USER-NAME"]),
    ("sudo docker stop CONTAINER-NAME", ["CONTAINER-NAME"]),
    # alternatives in parentheses: one value, either of them (Trivy's `trivy repo (REPO_PATH | REPO_URL)`, heldout-9)
    ("docker inspect (CONTAINER | IMAGE)", ["(CONTAINER | IMAGE)"]),
    ("docker inspect --type container (NAME|ID)", ["(NAME|ID)"]),
    # a value with its alternative glued on in parentheses (heldout-13: a Chinese cheat-sheet's
    # `$ContainerName(或者$ContainerId)`, "or" in Chinese; its English twin)
    ("docker stop $ContainerName(或者$ContainerId)", ["$ContainerName(或者$ContainerId)"]),
    ('docker inspect --format "{{.State.Pid}}" $ContainerName(or $ContainerId)', ["$ContainerName(or $ContainerId)"]),
    ("docker rm 컨테이너(또는 ID)", ["컨테이너(또는 ID)"]),
])
def test_each_placeholder_form_is_one_value_and_gives_no_other_finding(code, placeholders):
    assert unbound(code) == placeholders
    assert {rule for rule, _ in check(code)} == {"unbound-placeholder"}


RMM = "p.md:2: error: unknown flag '--rmm' for 'docker run' (did you mean '--rm'?) [docker-usage]"


@pytest.mark.parametrize("code, error", [
    ("docker imgaes <image>", "p.md:2: error: unknown docker command 'imgaes' (did you mean 'images'?) [docker-usage]"),
    ("docker run --rmm <image>", RMM),
    ("docker run --rmm -v </path/to/config>:/config nginx", RMM),
    ("docker run --rmm [OPTIONS] IMAGE[:TAG]", RMM),
    ("docker stpo ‹컨테이너 이름›", "p.md:2: error: unknown docker command 'stpo' (did you mean 'stop'?) [docker-usage]"),
    ("docker rm --forse (옵션) 컨테이너_이름",
     "p.md:2: error: unknown flag '--forse' for 'docker rm' (did you mean '--force'?) [docker-usage]"),
    ("docker buildx build . \\\n  [--tag x --push] --pussh",
     "p.md:3: error: unknown flag '--pussh' for 'docker buildx build' (did you mean '--push'?) [docker-usage]"),
    ("docker contianer logs [container id]",
     "p.md:2: error: unknown docker command 'contianer' (did you mean 'container'?) [docker-usage]"),
    ("docker run --volumee HOST-DIRECTORY:/data nginx",
     "p.md:2: error: unknown flag '--volumee' for 'docker run' (did you mean '--volume'?) [docker-usage]"),
    ("docker inspcet (CONTAINER | IMAGE)",
     "p.md:2: error: unknown docker command 'inspcet' (did you mean 'inspect'?) [docker-usage]"),
])
def test_the_docker_rule_still_checks_the_rest_of_the_command(code, error):
    assert [line for rule, line in check(code) if rule != "unbound-placeholder"] == [error]


@pytest.mark.parametrize("code", [
    'echo "<h1>hi</h1>" > index.html',
    "echo '<h1>hi</h1>'",
    "echo '<b>hi</b><i>there</i>'",
    'echo "<p class=\\"x\\">안녕</p><br/>"',
    'echo "Usage: docker run [OPTIONS] IMAGE[:TAG]"',
    'if [ -f "$FILE" ]; then echo HELLO; fi',
    '[[ -n "$NAME" ]] && echo OK',
    "ls [AB]*.txt",
    "✅ 간단함 (설정 불필요)",
    "echo ${ITEMS[ID]} {1..3}",
    "docker run -e MYSQL_ROOT_PASSWORD=secret -d mysql",
    "docker ps --format '{{.Names}}'",
    "sort <in.txt >out.txt",
    "echo `hostname`",
    "echo `hostnme`",  # a typo of a program: a command substitution that fails (see below)
    "echo `date +%s` `pwd`",
    "ls \\\n  [AB]*.txt",  # a glob on a continued line is no synopsis
    "echo a\n[--tag x]",  # a line that continues nothing shows no program: not a synopsis
    # a backquoted comment marking an optional flag (LinuxServer.io's `docker run` pages, heldout-6) expands to nothing
    "docker run -d \\\n  -e TZ=Etc/UTC \\\n  -v /srv/books:/books `#optional` \\\n  lscr.io/linuxserver/calibre",
    # real names in capitals with dashes outside docker: iptables' chain, MySQL's isolation level; variables
    "iptables -I DOCKER-USER -j DROP",
    "mysqld --transaction-isolation=READ-COMMITTED",
    "docker run -e MYSQL_ROOT_PASSWORD=secret -e LANG=C.UTF-8 -d mysql",
])
def test_html_tests_globs_and_plain_words_are_not_placeholders(code):
    assert unbound(code) == []


def test_a_mistyped_program_in_backticks_is_still_an_unknown_command():
    assert ("unknown-command", "p.md:2: error: unknown command 'hostnme' (did you mean 'hostname'?) [unknown-command]"
            ) in check("echo `hostnme`")


def test_a_flag_marked_optional_by_a_backquoted_comment_is_still_checked():
    code = "docker run -d \\\n  -v /srv/books:/books `#optional` \\\n  --restrat unless-stopped \\\n  calibre"
    assert check(code) == [("docker-usage", "p.md:4: error: unknown flag '--restrat' for 'docker run' "
                                            "(did you mean '--restart'?) [docker-usage]")]


def test_a_value_in_double_quotes_is_still_a_placeholder():
    assert unbound('docker run -e "MYSQL_PASSWORD=<암호>" mysql') == ["<암호>"]


@pytest.mark.parametrize("code, placeholders", [
    # heldout-4's false pass (Nacos's guide): single quotes send `${your_password}` as those very characters
    ("curl -X POST http://127.0.0.1:8848/nacos/v1/auth/login -d 'password=${your_password}'", ["${your_password}"]),
    ("curl -H 'Authorization: Bearer <your-token>' https://api.example.com", ["<your-token>"]),
    ("echo '<YOUR_API_KEY>' > key.txt", ["<YOUR_API_KEY>"]),
    ("docker login -p '<비밀번호>' registry.example.com", ["<비밀번호>"]),
])
def test_a_value_to_fill_in_single_quotes_is_a_placeholder(code, placeholders):
    assert unbound(code) == placeholders
    assert substitute(code, {placeholders[0].strip("<>${}"): "s3cret"}).text == code.replace(placeholders[0], "s3cret")


@pytest.mark.parametrize("code", [
    "sh -c 'echo ${HOME} ${my_var}'",  # a variable the inner shell expands
    "grep '<title>' index.html",  # a tag searched for
    "sed 's/<[^>]*>//g' page.html",
    "curl -d '<soap:Body>\n  <GetUser><userId>1</userId></GetUser>\n</soap:Body>' http://x",  # XML elements
    "docker images -f 'dangling=true' --format '{{.ID}} <none>'",
    "# '<your-token>' in a comment",
])
def test_single_quoted_text_that_is_no_value_to_fill_is_text(code):
    assert unbound(code) == []


def test_run_keeps_a_synopsis_as_written_unless_a_marker_binds_its_values():
    code = "docker run [OPTIONS] IMAGE[:TAG]"
    assert substitute(code, {}).text == code
    assert substitute("docker stop ‹컨테이너 이름›", {"컨테이너 이름": "web"}).text == "docker stop web"
    assert substitute("docker rm CONTAINER ...", {"CONTAINER": "web", "...": ""}).text == "docker rm web "


@pytest.mark.parametrize("code, placeholders, name", [
    # heldout-7 (Oracle's build guides): a flag's value in words, in parentheses, where bash reads a subshell
    ("./buildContainerImage.sh -v (Software Version)", ["(Software Version)"], "(Software Version)"),
    ("./buildContainerImage.sh -v (Software Version) -t img", ["(Software Version)"], "(Software Version)"),
    # heldout-7 (Oracle SOA Suite): Markdown's escapes kept inside the fence
    ("docker logs -f \\<Administration Server container name\\>", ["\\<Administration Server container name\\>"],
     "Administration Server container name"),
    # heldout-10 (SQL Server's pages, translated): the escapes inside double quotes; the quote stays closed
    ('docker run -e "SA_PASSWORD=\\<YourStrong@Passw0rd\\>" -d mcr.microsoft.com/mssql/server:2019-latest',
     ["\\<YourStrong@Passw0rd\\>"], "YourStrong@Passw0rd"),
])
def test_a_value_to_fill_written_in_words_is_a_placeholder(code, placeholders, name):
    assert unbound(code) == placeholders
    assert substitute(code, {name: "x"}).text == code.replace(placeholders[0], "x")
    (rule, line), = check(code)
    assert rule == "unbound-placeholder" and line.startswith("p.md:2: note: needs values to run: ")


@pytest.mark.parametrize("code", ["(cd dir && make)", "x=$(date -u) && echo $x", "make -C (cd dir && make)",
                                  "(A | B)", "docker ps $(FOO | BAR)", "docker run (nginx | cat)",
                                  "docker run -d (nginx)",
                                  'echo "run it with -v (Software Version)"', "docker logs -f \\<name",
                                  "echo '\\<not a value\\>'",  # single quotes keep escapes as text
                                  "echo $(date) (or not)", "f() (or_not)"])  # no value glued to the parentheses
def test_a_subshell_or_text_in_parentheses_is_no_placeholder(code):
    assert unbound(code) == []


def test_a_mistyped_command_around_a_glued_alternative_still_fails():
    assert ("docker-usage", "p.md:2: error: unknown docker command 'stpo' (did you mean 'stop'?) [docker-usage]") in check(
        "docker stpo $ContainerName(或者$ContainerId)")
    # parentheses with no "or" after a variable stay bash's syntax error
    assert check("docker stop $ContainerName(ContainerId)")[0][0] == "bash-syntax"


def test_a_flag_before_a_subshell_still_fails():
    assert ("bash-syntax", "p.md:2: error: bash syntax error: syntax error near unexpected token `(' [bash-syntax]") in check(
        "make -C (cd dir && make)")


def test_docker_then_a_tilde_alone_is_a_synopsis_and_a_home_folder_elsewhere_is_not():
    # heldout-14 (a Korean TIL): "every container command starts with docker", shown as `docker ~`
    assert unbound("docker ~") == ["~"]
    assert [rule for rule, _ in check("docker ~")] == ["unbound-placeholder"]
    assert unbound("cd ~") == unbound("docker run -v ~:/data nginx") == unbound("docker ~ ps") == []
    assert ("docker-usage", "p.md:3: error: unknown docker command 'imgaes' (did you mean 'images'?) [docker-usage]") in check(
        "docker ~\ndocker imgaes")
