"""Comparing what a command printed with what an author pasted, knowing what Docker varies: pure text, no Docker."""
