"""`python -m docktest` is the `docktest` command."""

from docktest.cli import main

raise SystemExit(main())
