"""What the commands printed in the sandbox, shown to readers: a folded "실행 결과" box under each block that ran."""

from __future__ import annotations

import json
import re

import pytest

from conftest import ROOT, build_site, serve_directory
from docktest.extract.markdown import extract_page
from docktest.model import Command, Result, Snippet
from docktest.report.transcript import MAX_LINES, transcript
from docktest.report.verification import block_statuses
from notes_site.marks import mark_blocks, recorded

PAGE = "docs/section02-images-containers.md"
ARTIFACTS = ROOT / "test-artifacts"
PULL = ("Unable to find image 'node:latest' locally\nlatest: Pulling from library/node\n"
        "6d4a449ac69c: Pulling fs layer\nf4ba3a3a7a21: Pulling fs layer\n6d4a449ac69c: Pull complete\n"
        "f4ba3a3a7a21: Pull complete\nDigest: sha256:" + "a" * 64 + "\nStatus: Downloaded newer image for node:latest\n")


def _snippet(*commands: str) -> Snippet:
    return Snippet("p.md#1", "p.md", 3, 3 + len(commands), "bash", "\n".join(commands),
                   tuple(Command(3 + i, text) for i, text in enumerate(commands)))


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


def test_a_long_output_is_cut_in_the_middle_with_a_note() -> None:
    snippet = _snippet("seq 1 1000")
    shown = transcript(snippet, _passed(snippet, "".join(f"{n}\n" for n in range(1, 1001)))).split("\n")
    assert len(shown) == 1 + MAX_LINES + 1
    assert shown[1:3] == ["1", "2"] and shown[-1] == "1000"
    assert f"… ({1000 - MAX_LINES}줄 생략)" in shown


def test_the_box_is_folded_escaped_and_absent_when_nothing_ran() -> None:
    snippet = _snippet("echo '<b>'")
    (status,) = block_statuses([snippet], _passed(snippet, "<b>\n"))
    assert recorded(status) == ('<details class="docktest-output"><summary>실행 결과</summary>'
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


@pytest.fixture(scope="module")
def recorded_site(tmp_path_factory):
    """The site built with results in which every command of the section page passed and printed something."""
    tmp = tmp_path_factory.mktemp("recorded")
    (tmp / "site").mkdir()
    results = [{"path": s.path, "line": c.line, "command": c.text, "status": "passed", "exit_code": 0,
                "duration_s": 0.5, "output": (PULL if "node" in c.text else "") + f"{c.text.split()[0]} 완료\n"}
               for s in extract_page(PAGE) for c in s.commands]
    path = tmp / "results.json"
    path.write_text(json.dumps({"format": 2, "finished_at": "2026-11-28T01:00:00+00:00", "results": results},
                               ensure_ascii=False), encoding="utf-8")
    with serve_directory(tmp / "site") as url, pytest.MonkeyPatch.context() as env:
        env.setenv("DOCKTEST_RESULTS", str(path))
        env.setenv("DOCKER_NOTES_SITE_URL", url)
        built = build_site(tmp / "site")
        assert built.returncode == 0, built.log
        yield built.site_dir, url


def test_every_block_that_ran_has_its_box_in_the_built_page(recorded_site) -> None:
    article = (recorded_site[0] / "section02-images-containers" / "index.html").read_text(encoding="utf-8")
    boxes = re.findall(r'<details class="docktest-output"><summary>실행 결과</summary><pre><code>(.*?)</code>', article,
                       re.S)
    assert len(boxes) == len(extract_page(PAGE))
    assert boxes[0].startswith("$ docker pull node:latest\nUnable to find image")
    assert "… 레이어 2개를 받았습니다" in boxes[0] and "docker 완료" in boxes[0]


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
        assert shown.bounding_box()["width"] <= viewport["width"]  # wraps instead of running off a phone
        block = box.locator("xpath=preceding-sibling::div[1]")  # the block and its mark, right above the box
        assert "docktest-block" in block.get_attribute("class")
        block.scroll_into_view_if_needed()
        top, bottom = block.bounding_box(), box.bounding_box()
        ARTIFACTS.mkdir(exist_ok=True)
        name = "desktop" if viewport["width"] > 600 else "mobile"
        page.screenshot(path=ARTIFACTS / f"recorded-output-{name}-{scheme}.png", full_page=True,
                        clip={"x": 0, "y": top["y"] + page.evaluate("scrollY"), "width": viewport["width"],
                              "height": bottom["y"] + bottom["height"] - top["y"]})
    finally:
        context.close()
