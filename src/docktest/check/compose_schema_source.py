"""Write src/docktest/data/compose-spec.json, the Compose Specification's JSON schema the compose check validates with.

    .venv/bin/python -m docktest.check.compose_schema_source [--repo DIR] [--commit SHA]

DIR defaults to /work/.mirror/compose-spec+compose-spec/repo.

Input: schema/compose-spec.json of github.com/compose-spec/compose-spec (Apache-2.0) at COMMIT, read from a git
dir of that repository (a clone or a snapshot). Output: the schema with its human descriptions left out (the
check words its own messages), and a `$comment` naming the source, the commit and the licence.
"""

from __future__ import annotations

import argparse
import json
import subprocess
from pathlib import Path

SOURCE = "https://github.com/compose-spec/compose-spec"
PATH = "schema/compose-spec.json"
LICENSE = "Apache-2.0"
COMMIT = "170098ba07d9f53c383a41bfd4c5166b0a4529a6"
OUT = Path(__file__).resolve().parents[1] / "data" / "compose-spec.json"
_DROPPED = ("description", "title")  # prose for people; validation never reads it
_NAMES = ("properties", "definitions", "patternProperties")  # their keys are names, not schema keywords


def without_prose(value, names: bool = False):
    """The schema without its descriptions and titles; NAMES: VALUE's keys are property names, all kept."""
    if isinstance(value, dict):
        return {key: without_prose(item, key in _NAMES) for key, item in value.items()
                if names or not (key in _DROPPED and isinstance(item, str))}
    if isinstance(value, list):
        return [without_prose(item) for item in value]
    return value


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", default="/work/.mirror/compose-spec+compose-spec/repo")
    parser.add_argument("--commit", default=COMMIT)
    args = parser.parse_args()
    text = subprocess.run(["git", "--git-dir", args.repo, "show", f"{args.commit}:{PATH}"], check=True,
                          capture_output=True, text=True).stdout
    schema = without_prose(json.loads(text))
    schema = {"$comment": f"{SOURCE} {PATH} at {args.commit} ({LICENSE}), descriptions left out; "
                          "written by python -m docktest.check.compose_schema_source", **schema}
    OUT.write_text(json.dumps(schema, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
