"""This site's own features (Docker 노트): Korean search, CommonMark list fidelity, verification-mark HTML."""
