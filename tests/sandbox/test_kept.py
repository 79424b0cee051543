"""What docktest keeps, and removing it: images of recipes no longer current (docktest's label only), `docktest clean`."""

from __future__ import annotations

import subprocess
import tarfile
import uuid
from pathlib import Path

import pytest

from docktest import config
from docktest.adapters.cli import main
from docktest.sandbox import images, kept
from docktest.sandbox.docker import HostDocker

CURRENT = sorted(images.current_tags())


class FakeEngine:
    """Images by reference with their labels; `rmi` refuses what a container uses, as Docker does."""

    def __init__(self, labelled: dict[str, str], in_use: tuple[str, ...] = ()) -> None:
        self.labelled = dict(labelled)  # reference → its com.docktest.made-from label ("" when none)
        self.in_use = in_use
        self.removed: list[str] = []

    def run(self, *args: str, timeout: float = 120, **_) -> subprocess.CompletedProcess:
        if args[0] == "images":
            return self._done("".join(f"{ref}\tid-{ref}\t1MB\n" for ref in self.labelled))
        if args[:2] == ("image", "inspect"):
            return self._done("".join(f"{self.labelled[ref]}\n" for ref in args[4:]))
        if args[0] == "rmi":
            gone = [ref for ref in args[1:] if ref not in self.in_use]
            for ref in gone:
                del self.labelled[ref]
            self.removed += gone
            return self._done("", 1 if len(gone) < len(args) - 1 else 0)
        return self._done("")  # no sandbox leftovers

    @staticmethod
    def _done(stdout: str, code: int = 0) -> subprocess.CompletedProcess:
        return subprocess.CompletedProcess([], code, stdout, "")


def test_images_of_older_recipes_go_and_current_ones_stay() -> None:
    default_registry = images.planned_images("offline").registry
    page_registry = images.planned_registry(("nginx",))
    nginx = next(tag for tag in CURRENT if tag.startswith("docktest/nginx:"))
    engine = FakeEngine({**dict.fromkeys(CURRENT, ""), "docktest/node:000000000000": "",
                         page_registry: f"{default_registry},{nginx}",
                         "docktest/registry-seeded:111111111111": f"{default_registry},docktest/nginx:000000000000",
                         "docktest/dind:222222222222": "", "127.0.0.1:5000/library/node:latest": ""},
                        in_use=("docktest/dind:222222222222",))
    removed = kept.remove_stale_images(engine)
    # a page's registry made of current images only is current; one holding an older stand-in is not
    assert removed == ["docktest/node:000000000000", "docktest/registry-seeded:111111111111"]
    assert "docktest/dind:222222222222" in engine.labelled  # in use: stays until the next run
    assert "127.0.0.1:5000/library/node:latest" in engine.labelled  # a push under way, not docktest's repository
    assert set(CURRENT) | {page_registry} <= set(engine.labelled)


def test_clean_removes_every_image_and_the_caches_but_not_a_lock_or_the_results(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    (cache / "docker-cli").mkdir(parents=True)
    (cache / "docker-cli" / "tree.json").write_text("{}", encoding="utf-8")
    (cache / "images.lock").write_text("", encoding="utf-8")
    root = tmp_path / "project"
    (root / ".docktest" / "cache").mkdir(parents=True)
    (root / ".docktest" / "cache" / "page.json").write_text("{}", encoding="utf-8")
    (root / ".docktest" / "results.json").write_text("{}", encoding="utf-8")
    engine = FakeEngine({CURRENT[0]: "", "docktest/dind:222222222222": ""}, in_use=("docktest/dind:222222222222",))
    gone, left = kept.clean(engine, config.load(mode="offline", root=root, env={"DOCKTEST_CACHE_DIR": str(cache)}))
    assert [str(item) for item in gone] == [f"image {CURRENT[0]} (1MB)", f"folder {root / '.docktest' / 'cache'} (0 kB)",
                                            f"folder {cache} (0 kB)"]
    assert [str(item) for item in left] == ["image docktest/dind:222222222222 (1MB)"]
    assert sorted(path.name for path in cache.iterdir()) == ["images.lock"]
    assert (root / ".docktest" / "results.json").exists() and not any((root / ".docktest" / "cache").iterdir())


def _import(reference: str, labels: dict[str, str], folder: Path) -> None:
    """An image with no files and LABELS, tagged REFERENCE (docker import of an empty tar: instant)."""
    empty = folder / "empty.tar"
    tarfile.open(empty, "w").close()
    changes = [f"--change=LABEL {key}={value}" for key, value in labels.items()]
    HostDocker().run("import", *changes, str(empty), reference, check=True)


@pytest.mark.docker
def test_an_older_recipes_image_with_docktests_label_goes_an_unlabelled_one_of_the_same_name_stays(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    # A repository of this test's own: every `docktest run` on the other xdist worker removes stale docktest/ images
    # as it starts, and once took this test's older image first (remove_stale_images then returned []).
    monkeypatch.setattr(images, "REPO", f"docktest-kept-test-{uuid.uuid4().hex[:8]}")
    docker = HostDocker()
    older, unlabelled = (f"{images.REPO}/node:{uuid.uuid4().hex[:12]}" for _ in range(2))
    _import(older, {config.IMAGE_LABEL: "node"}, tmp_path)
    _import(unlabelled, {}, tmp_path)
    try:
        assert main(["clean", "--dry-run"]) == 0  # lists, removes nothing
        listed = capsys.readouterr().out
        assert f"would remove image {older} (0B)\n" in listed and unlabelled not in listed
        assert older in kept.remove_stale_images(docker)
        assert docker.run("image", "inspect", older).returncode != 0
        assert docker.run("image", "inspect", unlabelled).returncode == 0
    finally:
        docker.run("rmi", older, unlabelled)
