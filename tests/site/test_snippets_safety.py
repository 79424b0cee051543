"""snippets/ sync trusts nothing it did not write: crafted manifest entries never delete files elsewhere."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from docktest.extract import scripts as snippets
from docktest.extract.markdown import extract_page

GOOD = "# 페이지\n\n```bash\ndocker ps -a\n```\n"


def _crafted_manifest(out: Path, names: list[str]) -> None:
    entries = [json.dumps({"file": name}) for name in names]
    (out / snippets.MANIFEST).write_text('{"snippets": [\n' + ",\n".join(entries) + "\n]}\n", encoding="utf-8")


@pytest.fixture
def victims(tmp_path: Path) -> tuple[Path, list[Path]]:
    out = tmp_path / "project" / "snippets"
    out.mkdir(parents=True)
    outside = tmp_path / "x"
    outside.mkdir()
    files = [outside / "evil.sh", tmp_path / "project" / "keep.sh"]
    for file in files:
        file.write_text("#!/bin/sh\necho precious\n")
    return out, files


def test_crafted_manifest_entries_never_delete_outside_snippets(victims):
    out, files = victims
    _crafted_manifest(out, ["../../x/evil.sh", "../keep.sh", str(files[0]), "a/../../keep.sh"])
    result = snippets.sync([("p.md", extract_page("docs/p.md", GOOD))], out)
    assert result.removed == ()
    assert all(file.read_text() == "#!/bin/sh\necho precious\n" for file in files)


def test_only_scripts_this_tool_wrote_are_removed(tmp_path):
    out = tmp_path / "snippets"
    snippets.sync([("old.md", extract_page("docs/old.md", GOOD))], out)
    mine = out / "old" / "01.sh"
    hand_written = out / "old" / "helper.sh"
    hand_written.write_text("#!/bin/sh\necho mine\n")
    _crafted_manifest(out, ["old/01.sh", "old/helper.sh"])
    result = snippets.sync([("new.md", extract_page("docs/new.md", GOOD))], out)
    assert result.removed == (mine,)
    assert hand_written.read_text() == "#!/bin/sh\necho mine\n"


def test_symlinked_script_pointing_outside_is_not_followed(tmp_path):
    out = tmp_path / "snippets"
    snippets.sync([("old.md", extract_page("docs/old.md", GOOD))], out)
    target = tmp_path / "target.sh"
    target.write_text(snippets.script(extract_page("docs/old.md", GOOD)[0]))
    (out / "old" / "01.sh").unlink()
    (out / "old" / "01.sh").symlink_to(target)
    snippets.sync([("new.md", extract_page("docs/new.md", GOOD))], out)
    assert target.exists()


def test_many_stale_scripts_are_removed_with_their_folders(tmp_path):
    out = tmp_path / "snippets"
    page = "".join(f"```bash\necho {i}\n```\n\n" for i in range(300))
    snippets.sync([("big/page.md", extract_page("docs/big/page.md", page))], out)
    result = snippets.sync([], out)
    assert len(result.removed) == 300
    assert sorted(p.name for p in out.iterdir()) == [snippets.MANIFEST]
