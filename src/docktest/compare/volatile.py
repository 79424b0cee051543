"""What Docker prints that changes from run to run, and how one output line is normalised before comparing."""

from __future__ import annotations

import re

from docktest.compare.docker_names import name_lists

_DURATION = r"(?:Less than a second|About a minute|About an hour|\d+ (?:second|minute|hour|day|week|month|year)s?)"
_EPHEMERAL_PORT = r"(?:3276[89]|327[7-9]\d|32[89]\d\d|3[3-9]\d{3}|[45]\d{4}|6[0-5]\d{3})"
_ZONE = r"(?: ?(?:Z|[+-]\d\d:?\d\d))?(?: (?:UTC|GMT|KST|JST|CET|CEST|EST|EDT|PST|PDT))?"
_HEX_EDGE_BEFORE, _HEX_EDGE_AFTER = r"(?<![0-9A-Za-z])", r"(?![0-9A-Za-z])"
_ADJECTIVES, _SURNAMES = ("|".join(words) for words in name_lists())

# Each kind: a regex for its values. A value of a kind in the expected line matches any value of
# the same kind in the actual line; everything around it must match exactly. Order matters:
# the first kind that matches at a position wins (a digest before its bare hex, a date before a time).
KINDS: dict[str, str] = {
    "digest": r"sha256:[0-9a-f]{64}",
    "id64": _HEX_EDGE_BEFORE + r"[0-9a-f]{64}" + _HEX_EDGE_AFTER,
    "datetime": r"(?<!\d)\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?" + _ZONE + r")?(?!\d)",
    "ctime": r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)  ?\d{1,2} "
             r"\d\d:\d\d:\d\d(?: [A-Z]{2,5})? \d{4}",
    "time": r"(?<![\d:])\d\d:\d\d:\d\d(?:\.\d+)?(?![\d:])",
    "id12": _HEX_EDGE_BEFORE + r"[0-9a-f]{12}" + _HEX_EDGE_AFTER,
    # `docker ps` STATUS/CREATED and `docker images` CREATED: only next to "Up" or "ago"
    "duration": r"(?<=\bUp )" + _DURATION + r"|" + _DURATION + r"(?= ago\b)",
    # a host port Docker picked (`-P`, `-p 80`): 0.0.0.0:32768->80/tcp, localhost:49153
    "port": r"(?<=:)" + _EPHEMERAL_PORT + r"(?!\d)",
    "size": r"(?<![\w.])\d+(?:\.\d+)?(?:[kKMGTP]i?B|B)(?!\w)",
    # BuildKit plain progress: `#5 DONE 0.3s` and `#5 CACHED` are the same step, done with or without a cache
    "step_outcome": r"(?<= )(?:CACHED|DONE \d+(?:\.\d+)?s)$",
    # BuildKit step number, with the timestamp of a step's log line: `#7 0.412 hello`
    "step": r"^#\d+(?: \d+\.\d+(?= ))?",
    "timing": r"(?<![\w.])\d+\.\d+s(?!\w)",
    # a name Docker generated from moby's own lists (adjective_surname, a digit on a retry): not any `app_data`
    "name": rf"(?<![\w-])(?:{_ADJECTIVES})_(?:{_SURNAMES})\d?(?![\w-])",
}
ELLIPSIS = "..."

# CSI (colours, cursor moves), OSC (a window title, a hyperlink: ended by BEL or ST, or cut off by the line's end),
# and the other two-character escapes.
_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b\n]*(?:\x07|\x1b\\|$)|\x1b[@-Z\\-_]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # BEL, backspace, a stray ESC…: nothing a terminal prints
_COLUMN_GAP = re.compile(r"[ \t]*\t[ \t]*| {2,}")
_IPV6_ANY = re.compile(r"(?<![\w:\]]):::(?=\d)")  # older engines print :::32768->80/tcp, newer [::]:32768->80/tcp

_LAYER_STATUS = (r"(?:Pulling fs layer|Waiting|Downloading|Verifying Checksum|Download complete|Extracting"
                 r"|Pull complete|Already exists)")
LAYER = re.compile(r"[0-9a-f]{12}: " + _LAYER_STATUS + r"(?: .*)?")
PULL = re.compile(r"Unable to find image '[^']+' locally|\S+: Pulling from \S+|" + LAYER.pattern
                  + r"|Digest: sha256:[0-9a-f]{64}|Status: (?:Downloaded newer image|Image is up to date) for \S+")


def clean(line: str) -> str:
    """The line as a terminal shows it: no escape sequences (colours, window titles) or bells, what the last carriage
    return wrote, no trailing spaces."""
    line = _ANSI.sub("", line)
    if "\r" in line:
        written = [part for part in line.split("\r") if part]
        line = written[-1] if written else ""
    return _CONTROL.sub("", line).rstrip()


def normalise(line: str) -> str:
    """clean(), then table columns' gaps (two or more spaces, tabs) as two spaces, and one IPv6 spelling."""
    return _COLUMN_GAP.sub("  ", _IPV6_ANY.sub("[::]:", clean(line)))

