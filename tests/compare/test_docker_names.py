"""Generated container names: moby's own lists, read from its Go source and shipped with where they came from."""

from __future__ import annotations

import re

from docktest import data_files
from docktest.compare import docker_names

# A names-generator.go as moby writes it today (one word a line, comments quoting people) and as 0.7 did (one line).
GO_TODAY = '''package namesgenerator

var (
	left = [...]string{
		"admiring",
		"zen", // the last one
	}

	// Docker, starting from 0.7.x, generates names from notable scientists and hackers.
	right = [...]string{
		// Homi J Bhabha - colloquially known as "father of Indian nuclear programme" {sic} - https://en.wikipedia.org/wiki/Homi_J._Bhabha
		"bhabha",

		"wozniak",
	}
)

func GetRandomName(retry int) string {
	if name == "boring_wozniak" /* Steve Wozniak is not boring */ {
	}
}
'''
GO_0_7 = '''var (
	left = [...]string{"happy", "jolly", "dreamy"}
	// Ada Lovelace invented the first algorithm. http://en.wikipedia.org/wiki/Ada_Lovelace (thanks James Turnbull)
	right = [...]string{"lovelace", "franklin"}
)
'''


def test_the_go_lists_are_read_without_their_comments() -> None:
    assert docker_names.parse(GO_TODAY) == (["admiring", "zen"], ["bhabha", "wozniak"])
    assert docker_names.parse(GO_0_7) == (["happy", "jolly", "dreamy"], ["lovelace", "franklin"])


def test_the_shipped_lists_say_where_they_came_from() -> None:
    adjectives, surnames = docker_names.name_lists()
    assert {"admiring", "quirky", "berserk"} <= set(adjectives) and {"turing", "hopper", "mayer"} <= set(surnames)
    assert not {"app", "db", "my"} & set(adjectives) and "data" not in surnames
    data = data_files.read(docker_names.DATA)
    assert data["source"]["repository"] == "https://github.com/moby/moby"
    assert data["source"]["licence"] == "Apache-2.0"
    assert re.fullmatch(r"[0-9a-f]{40}", data["source"]["commit"])
    assert data["source"]["read"].startswith("v0.7.0 to ")
