"""docktest: extract, check and run the shell commands of Markdown notes."""

__version__ = "0.1.0"
