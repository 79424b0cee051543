"""Thin adapters over the library: the CLI, the pytest plugin, the MkDocs plugin."""
