"""`python -m docktest` is the `docktest` command."""

from docktest.adapters.cli import main

raise SystemExit(main())
