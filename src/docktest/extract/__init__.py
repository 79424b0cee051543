"""Markdown pages → shell-family Snippets: fences, markers, the shell model, placeholders, snippet scripts."""
