"""What runs of a block that holds another program's session or a build tool's output (heldout-12): the shell's
commands only; extraction decides, the runner runs what it was given (no Docker: the commands are recorded)."""

from __future__ import annotations

from pathlib import Path

import pytest

from docktest import config
from docktest.check.pages import read_checked
from docktest.run import runner, session
from docktest.run.cache import PageCache
from fake_sandbox import Launcher, Session

PAGE = """# 실습

```bash
... master ...

$ docker exec master mysql -uroot -proot
mysql> CREATE TABLE `exam` (
    ->   `id` bigint(20) NOT NULL AUTO_INCREMENT
    -> ) ENGINE=InnoDB;
Query OK, 0 rows affected (0.08 sec)

$ docker ps
```

```console
$ docker build -t app .
> Task :compileJava NO-SOURCE
> Task :build UP-TO-DATE
BUILD SUCCESSFUL in 3s
$ docker images
```

```bash
> use admin
switched to db admin
> db.auth('root','root')
1
$ docker volume ls
```
"""


def test_only_the_shells_commands_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ran: list[str] = []

    def record(sandbox, session_, text, kind, stdin, timeout_s, follow_s) -> session.Outcome:
        ran.append(text)
        return session.Outcome(0, "", 0.1)

    monkeypatch.setattr(runner, "Session", Session)
    monkeypatch.setattr(runner, "run_command", record)
    file = tmp_path / "page.md"
    file.write_text(PAGE, encoding="utf-8")
    settings = config.load(mode="offline", root=tmp_path, cache=False, progress=False)
    runner.run_page(read_checked(file, settings.check), PageCache(settings), Launcher, settings)
    assert ran == ["docker exec master mysql -uroot -proot", "docker ps", "docker build -t app .", "docker images",
                   "docker volume ls"]
