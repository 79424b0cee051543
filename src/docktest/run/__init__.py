"""Running pages in a sandbox: the runner, the page's shell session and terminal, probes, the page cache, shards, live
re-verification."""
