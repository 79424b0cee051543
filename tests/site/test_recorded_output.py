"""What the commands printed in the sandbox, shown to readers: a folded "실행 결과" box under each block that ran."""

from __future__ import annotations

import json
import re

import markdown
import pytest

from conftest import ROOT, screenshot_between, site_with_results
from docktest.extract.markdown import extract_page
from docktest.model import Command, Result, Snippet
from docktest.report.transcript import MAX_LINES, stand_in_note, transcript, transcript_rows
from docktest.report.verification import block_statuses
from docktest.compare.volatile import clean
from notes_site.marks import mark_blocks, recorded

PAGE = "docs/section02-images-containers.md"
ARTIFACTS = ROOT / "test-artifacts"
PULL = ("Unable to find image 'node:latest' locally\nlatest: Pulling from library/node\n"
        "6d4a449ac69c: Pulling fs layer\nf4ba3a3a7a21: Pulling fs layer\n6d4a449ac69c: Pull complete\n"
        "f4ba3a3a7a21: Pull complete\nDigest: sha256:" + "a" * 64 + "\nStatus: Downloaded newer image for node:latest\n")
# What `docker ps -a` printed in a sandbox run of the section page (its columns: this test is about them).
PS_TABLE = ("CONTAINER ID   IMAGE     COMMAND   CREATED        STATUS                              PORTS     NAMES\n"
            "091b7123f060   node      \"node\"    1 second ago   Exited (0) Less than a second ago             "
            "musing_williamson\n")
# The BuildKit log of `docker build -f Dockerfile-rng …` in a sandbox run, shortened (it had 32 lines).
BUILD_LOG = """#0 building with "default" instance using docker driver

#1 [internal] load build definition from Dockerfile-rng
#1 transferring dockerfile: 108B done
#1 DONE 0.1s

#5 [1/3] FROM docker.io/library/python:latest@sha256:c8c4160936c910cb9ab3a3e19b953e2431199ca24fc9885f792f32c18db5f52c
#5 extracting sha256:f240d73188c9c554408afad4ddde9942b50d55c72474dafc6362ce0a412869b3 0.9s done
#5 DONE 1.2s

#6 [2/3] WORKDIR /app
#6 DONE 0.0s

#7 [3/3] COPY rng.py .
#7 DONE 0.0s

#8 exporting to image
#8 exporting layers 0.1s done
#8 writing image sha256:76cc072a0a3e671e54283e3a024ad7fa69a97919d2b7da60cb518c7654f3940f done
#8 naming to docker.io/library/section02-rng
#8 naming to docker.io/library/section02-rng 0.0s done
#8 DONE 0.1s
"""
PRUNE = "WARNING! This will remove all dangling images.\nAre you sure you want to continue? [y/N] Total reclaimed space: 0B\n"


def _snippet(*commands: str, **options: object) -> Snippet:
    return Snippet("p.md#1", "p.md", 3, 3 + len(commands), "bash", "\n".join(commands),
                   tuple(Command(3 + i, text) for i, text in enumerate(commands)), options)


def _passed(snippet: Snippet, *outputs: str) -> list[Result]:
    return [Result("p.md", c.line, c.text, "passed", 0, 0.1, output) for c, output in zip(snippet.commands, outputs)]


def test_a_transcript_shows_prompts_folds_pull_layers_and_cleans_the_terminal() -> None:
    snippet = _snippet("docker run node", "echo 안녕 &&\n  echo 잘 가", "reboot")
    results = _passed(snippet, PULL + "\x1b[1mWelcome\x1b[0m\r\n", "안녕\n잘 가\n")
    results.append(Result("p.md", 5, "reboot", "skipped", None, 0.0, "", skip_reason="호스트"))
    assert transcript(snippet, results) == (
        "$ docker run node\nUnable to find image 'node:latest' locally\nlatest: Pulling from library/node\n"
        "… 레이어 2개를 받았습니다\nDigest: sha256:" + "a" * 64 + "\nStatus: Downloaded newer image for node:latest\n"
        "Welcome\n$ echo 안녕 &&\n>   echo 잘 가\n안녕\n잘 가")


def test_a_transcript_shows_what_ran_and_what_was_typed() -> None:
    snippet = _snippet("docker run {이미지 이름}", "docker image prune", "docker start -ai {이름}",
                       placeholders={"이미지 이름": "node", "이름": "$(docker ps -lq)"}, stdin="y\n")
    results = _passed(snippet, "", PRUNE, "최솟값을 입력하세요: y\n")
    assert transcript(snippet, results) == (
        "$ docker run node\n"  # the value that ran, not the placeholder as typed
        "$ docker image prune\nWARNING! This will remove all dangling images.\n"
        "Are you sure you want to continue? [y/N] y\nTotal reclaimed space: 0B\n"  # piped input, shown where typed
        "$ docker start -ai $(docker ps -lq)\n최솟값을 입력하세요: y")  # a terminal echoed it: not shown twice


def test_a_build_log_is_folded_to_its_steps_and_its_image() -> None:
    snippet = _snippet("docker build -f Dockerfile-rng -t section02-rng .", "docker run -it section02-rng")
    rows = transcript_rows(snippet, _passed(snippet, BUILD_LOG, "7\n"))
    assert rows[1:] == [
        ("note", "… 빌드 로그 17줄 가운데 단계와 결과만 보입니다"),
        ("output", "#5 [1/3] FROM docker.io/library/python:latest@sha256:"
                   "c8c4160936c910cb9ab3a3e19b953e2431199ca24fc9885f792f32c18db5f52c"),
        ("output", "#6 [2/3] WORKDIR /app"),
        ("output", "#7 [3/3] COPY rng.py ."),
        ("output", "#8 writing image sha256:76cc072a0a3e671e54283e3a024ad7fa69a97919d2b7da60cb518c7654f3940f done"),
        ("output", "#8 naming to docker.io/library/section02-rng 0.0s done"),
        ("command", "$ docker run -it section02-rng"),
        ("output", "7"),
    ]
    failed = "#7 [3/3] RUN false\n#7 ERROR: process \"/bin/sh -c false\" did not complete successfully: exit code: 1\n"
    error = "ERROR: failed to solve: process \"/bin/sh -c false\" did not complete successfully: exit code: 1"
    rows = transcript_rows(snippet, _passed(snippet, f"{failed}------\n{error}\n"))
    assert [text for _, text in rows[1:]] == [*failed.splitlines(), "------", error]  # nothing to fold


def test_terminal_control_sequences_never_reach_the_reader() -> None:
    # A window title (OSC, ended by BEL or ST, or cut off), a bell, colours: a terminal shows none of them.
    assert clean("\x1b]0;root@f1b99b7f3593: /app\x07\x1b[32m>\x1b[0m .exit\x07") == "> .exit"
    assert clean("\x1b]2;title\x1b\\ok") == "ok" and clean("ok\x1b]0;cut off") == "ok"
    assert clean("a\tb\x08") == "a\tb"  # a tab is text
    snippet = _snippet("docker run -it node")
    (status,) = block_statuses([snippet], _passed(snippet, "\x1b]0;node\x07Welcome\x07\n"))
    assert "\x07" not in recorded(status) and "\x1b" not in recorded(status)


def test_the_sites_own_notes_are_marked_apart_from_the_output() -> None:
    snippet = _snippet("docker run node")
    (status,) = block_statuses([snippet], _passed(snippet, PULL + "Welcome\n"))
    box = recorded(status)
    assert '<span class="docktest-note">… 레이어 2개를 받았습니다</span>' in box
    assert "\nWelcome</code>" in box  # Docker's own lines stay as they are


def test_output_from_stand_in_images_says_so_above_it() -> None:
    snippet = _snippet("docker run node")
    results = [Result("p.md", 3, "docker run node", "passed", 0, 0.1, "Welcome\n", stand_ins=("node",))]
    (status,) = block_statuses([snippet], results)
    notice = stand_in_note(status.results)
    assert notice.startswith("오프라인 실행: ") and "node" in notice
    assert f'</summary><p class="docktest-output__stand-ins">{notice}</p><pre>' in recorded(status)  # above the output
    (online,) = block_statuses([snippet], _passed(snippet, "Welcome\n"))
    assert "stand-ins" not in recorded(online)


def test_the_box_says_which_docker_engine_ran_it_beside_the_stand_ins() -> None:
    snippet = _snippet("docker run node")
    results = [Result("p.md", 3, "docker run node", "passed", 0, 0.1, "Welcome\n", stand_ins=("node",),
                      engine="26.1.5")]
    (status,) = block_statuses([snippet], results)
    assert ('</summary><p class="docktest-output__engine">샌드박스의 Docker Engine 26.1.5에서 실행했습니다.</p>'
            '<p class="docktest-output__stand-ins">오프라인 실행: ') in recorded(status)
    (unrecorded,) = block_statuses([snippet], _passed(snippet, "Welcome\n"))  # an older results file
    assert "Docker Engine" not in recorded(unrecorded)


def test_a_long_output_is_cut_in_the_middle_with_a_note() -> None:
    snippet = _snippet("seq 1 1000")
    shown = transcript(snippet, _passed(snippet, "".join(f"{n}\n" for n in range(1, 1001)))).split("\n")
    assert len(shown) == 1 + MAX_LINES + 1
    assert shown[1:3] == ["1", "2"] and shown[-1] == "1000"
    assert f"… ({1000 - MAX_LINES}줄 생략)" in shown


def test_the_box_is_folded_escaped_and_absent_when_nothing_ran() -> None:
    snippet = _snippet("echo '<b>'")
    (status,) = block_statuses([snippet], _passed(snippet, "<b>\n"))
    assert recorded(status) == ('<details class="docktest-output" data-search-exclude><summary>실행 결과 '
                                '<span class="docktest-caption">'
                                "이 사이트가 샌드박스에서 실행한 출력</span></summary>"
                                "<pre><code>$ echo '&lt;b&gt;'\n&lt;b&gt;</code></pre></details>")
    (unrun,) = block_statuses([snippet], [])
    assert recorded(unrun) == ""


def test_the_extension_option_turns_the_box_off() -> None:
    snippet = _snippet("echo hi")
    statuses = block_statuses([snippet], _passed(snippet, "hi\n"))
    rendered = '<div class="highlight"><pre><span></span><code>echo hi\n</code></pre></div>'
    shown, _ = mark_blocks(rendered, statuses, "2026-11-28", "docs/p.md", recorded_output=True)
    hidden, _ = mark_blocks(rendered, statuses, "2026-11-28", "docs/p.md", recorded_output=False)
    assert shown.count("docktest-output") == 1 and "docktest-output" not in hidden


def _printed(command: str) -> str:
    """What a command of the section page prints in these tests: a pull, a table, a build log, a prompt, a line."""
    if command.startswith("docker ps"):
        return PS_TABLE
    if command.startswith("docker build"):
        return BUILD_LOG
    if command == "docker image prune":
        return PRUNE
    return (PULL if "node" in command else "") + f"{command.split()[0]} 완료\n"


OUTPUT_PAGE = """```bash
docker run -it section02-rng
```

<!-- docktest output -->
```text
...
최솟값을 입력하세요: 1
Welcome to Node.js v...
```
"""


def test_the_authors_output_block_is_labelled_and_its_elisions_marked() -> None:
    (snippet,) = extract_page("p.md", OUTPUT_PAGE)
    statuses = block_statuses([snippet], _passed(snippet, "최솟값을 입력하세요: 1\n"))
    rendered = markdown.markdown(OUTPUT_PAGE, extensions=["pymdownx.highlight", "pymdownx.superfences"])
    marked, _ = mark_blocks(rendered, statuses, "2026-11-28", "docs/p.md", recorded_output=True)
    after = marked.split("</details>", 1)[1]  # after the block, its mark and the "실행 결과" box
    assert after.startswith('\n<!-- docktest output -->\n<div class="docktest-expected"><div class="docktest-expected__'
                            'label" data-search-exclude><strong>기대 출력</strong> 노트가 적어 둔 출력입니다. <code>...</code>는 생략된 '
                            "부분입니다(실행마다 다른 값, 줄).</div><div class=")
    assert ('<span class="docktest-elision docktest-elision--line" title="생략된 줄">...</span>\n'
            "최솟값을 입력하세요: 1\nWelcome to Node.js v"
            '<span class="docktest-elision" title="생략된 부분">...</span>\n') in after
    without = OUTPUT_PAGE.replace("v...", "v20").replace("...\n", "")
    (snippet,) = extract_page("p.md", without)
    rendered = markdown.markdown(without, extensions=["pymdownx.highlight", "pymdownx.superfences"])
    marked, _ = mark_blocks(rendered, block_statuses([snippet], _passed(snippet, "")), "2026-11-28", "docs/p.md")
    assert "<strong>기대 출력</strong> 노트가 적어 둔 출력입니다.</div>" in marked  # no `...`, no word about it


@pytest.fixture(scope="module")
def recorded_site(tmp_path_factory):
    """The site built with results in which every command of the section page passed and printed something."""
    results = [{"path": s.path, "line": c.line, "command": c.text, "status": "passed", "exit_code": 0,
                "duration_s": 0.5, "output": _printed(c.text)} for s in extract_page(PAGE) for c in s.commands]
    with site_with_results(tmp_path_factory.mktemp("recorded"),
                           {"format": 2, "finished_at": "2026-11-28T01:00:00+00:00", "results": results}) as built:
        yield built


def test_every_block_that_ran_has_its_box_in_the_built_page(recorded_site) -> None:
    article = (recorded_site[0] / "section02-images-containers" / "index.html").read_text(encoding="utf-8")
    boxes = re.findall(r'<details class="docktest-output" data-search-exclude><summary>실행 결과 .*?</summary>'
                       r"<pre><code>(.*?)</code>",
                       article, re.S)
    assert len(boxes) == len(extract_page(PAGE))
    assert boxes[0].startswith("$ docker pull node:latest\nUnable to find image")
    assert "… 레이어 2개를 받았습니다" in boxes[0] and "docker 완료" in boxes[0]
    assert "$ docker run node\n" in boxes[1]  # block 2's `docker run {이미지 이름}`, as it ran
    assert "[y/N] y\nTotal reclaimed space: 0B" in boxes[3]


def test_what_the_site_adds_stays_out_of_search(recorded_site, page) -> None:
    index = json.loads((recorded_site[0] / "search" / "search_index.json").read_text(encoding="utf-8"))
    section = " ".join(doc["text"] for doc in index["docs"] if doc["location"].startswith("section02-images-containers/"))
    added = ["검증됨", "2026-11-28", "실행 결과", "샌드박스에서 실행한 출력", "docker 완료", "Total reclaimed", "musing",
             "기대 출력", "생략된"]
    assert [text for text in added if text in section] == []
    assert "docker pull node:latest" in section and "최솟값을 입력하세요: 1" in section  # the page's own blocks stay
    page.goto(recorded_site[1] + "section02-images-containers/?q=musing_williamson")  # a name only the box shows
    page.wait_for_function("document.querySelector('.md-search-result__meta')?.textContent.includes('없습니다')")
    assert page.locator(".md-search-result__item").count() == 0


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}],
                         ids=["desktop", "mobile"])
def test_the_box_opens_and_reads_in_chromium(recorded_site, browser, scheme, viewport) -> None:
    context = browser.new_context(locale="ko-KR", viewport=viewport, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(recorded_site[1] + "section02-images-containers/")
        box = page.locator("article details.docktest-output").first
        assert box.is_visible() and not box.locator("pre").is_visible()  # folded until asked
        box.locator("summary").click()
        shown = box.locator("pre")
        assert shown.is_visible() and "레이어 2개를 받았습니다" in shown.inner_text()
        assert shown.bounding_box()["width"] <= viewport["width"]  # the box stays on the page…
        header, row = _rows_of(shown, "CONTAINER ID", "NAMES"), _rows_of(shown, "091b7123f060", "musing_williamson")
        assert header[0] == header[1] and row[0] == row[1] and row[0] > header[0]  # …and the table keeps its rows
        code = shown.locator("code")
        if viewport["width"] < 600:  # …scrolling sideways where they are wider than a phone
            assert code.evaluate("c => c.scrollWidth > c.clientWidth")
        block = box.locator("xpath=preceding-sibling::div[1]")  # the block and its mark, right above the box
        assert "docktest-block" in block.get_attribute("class")
        block.scroll_into_view_if_needed()
        name = "desktop" if viewport["width"] > 600 else "mobile"
        screenshot_between(page, block, box, ARTIFACTS / f"recorded-output-{name}-{scheme}.png")
    finally:
        context.close()


def _rows_of(shown, *texts: str) -> list[float]:
    """The top of the line each text starts on in the box, as the browser lays it out."""
    return shown.evaluate("""(pre, texts) => texts.map(text => {
        const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT)
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const at = node.data.indexOf(text)
            if (at < 0) continue
            const range = document.createRange()
            range.setStart(node, at)
            range.setEnd(node, at + text.length)
            const rects = range.getClientRects()
            return rects.length === 1 ? rects[0].top : -rects.length  // a text broken over lines has several
        }
        return null
    })""", list(texts))


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}],
                         ids=["desktop", "mobile"])
def test_what_ran_and_what_the_author_expects_are_told_apart(recorded_site, browser, scheme, viewport) -> None:
    context = browser.new_context(locale="ko-KR", viewport=viewport, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(recorded_site[1] + "section02-images-containers/")
        block = page.locator("#docktest-block-3")  # the rng block: its box, then the author's block with `...` lines
        box = page.locator("#docktest-block-3 + details.docktest-output")
        authors = page.locator("#docktest-block-3 ~ .docktest-expected").first
        assert box.locator("summary").inner_text() == "실행 결과 이 사이트가 샌드박스에서 실행한 출력"
        label = authors.locator(".docktest-expected__label")
        assert label.is_visible() and label.inner_text().startswith("기대 출력 노트가 적어 둔 출력입니다.")
        elisions = authors.locator(".docktest-elision--line")
        assert elisions.count() == 3
        assert elisions.first.evaluate("e => getComputedStyle(e, '::after').content") == '" (생략된 줄)"'
        assert authors.locator("pre > code").inner_text().startswith("...\n")  # what a copy takes: the page's text
        block.scroll_into_view_if_needed()
        name = "desktop" if viewport["width"] > 600 else "mobile"
        screenshot_between(page, block, authors, ARTIFACTS / f"two-outputs-{name}-{scheme}.png")
    finally:
        context.close()
