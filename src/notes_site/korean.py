"""Korean particles as a search separator, so Material's search finds 이미지를 when asked for 이미지는.

Material for MkDocs splits both the indexed text and the query with one regular expression, its
`separator` (a JavaScript RegExp, applied with no flags). `PARTICLE_SEPARATOR` matches a particle
(조사) at the end of a Hangul word, so the particle is dropped like a space: 이미지는, 이미지를 and
이미지 all become the token 이미지, on the page and in the query alike. The pattern uses only syntax
that means the same in JavaScript and in Python's `re` (fixed-width lookbehind, character classes
of literal syllables), so it is unit-tested here in Python and end to end in Chromium.

Trade-offs, to strip particles without a dictionary and without cutting words in two:
- A Hangul stem keeps at least two syllables, so two-syllable words that merely end in a particle
  syllable (결과, 추가, 속도, 하나, 정의, 경로) stay whole. The price: a one-syllable noun keeps its
  particle (값이 is not 값을); typing the bare noun still finds every form, as search matches prefixes.
- Particles that come in pairs agree with the syllable before them, as in Korean spelling:
  은/이/을/과/이나/이랑/으로 only after a final consonant (받침), 는/가/를/와/나/랑 only after a
  vowel, 로 after a vowel or ㄹ. So 오버레이, 게이트웨이 and 전문가 are not cut.
- After a Latin letter or digit (Dockerfile의, node로) any particle is stripped: the sound of a
  Latin word cannot be read from its letters.
- A word that truly ends in a particle-like syllable past two syllables (허용도 → 허용) is cut; the
  query is cut the same way, so it is still found, with a few more neighbours.
- Only the longest particle at the end of a word goes, including common stacked ones (에서는,
  으로도, 까지의); verb endings are left alone (실행하는 → 실행하, 실행한 stays).
"""

from __future__ import annotations

_FIRST_SYLLABLE, _LAST_SYLLABLE = 0xAC00, 0xD7A3
_FINALS = 28  # a Hangul syllable's code is 0xAC00 + (initial * 21 + vowel) * 28 + final
_RIEUL = 8  # the final consonant ㄹ
HANGUL = "가-힣"

# Which syllable a particle attaches to.
AFTER_CONSONANT, AFTER_VOWEL, AFTER_VOWEL_OR_RIEUL, AFTER_ANY = "consonant", "vowel", "vowel-or-ㄹ", "any"

PARTICLES: dict[str, str] = {
    "은": AFTER_CONSONANT, "는": AFTER_VOWEL,
    "이": AFTER_CONSONANT, "가": AFTER_VOWEL,
    "을": AFTER_CONSONANT, "를": AFTER_VOWEL,
    "과": AFTER_CONSONANT, "와": AFTER_VOWEL,
    "이나": AFTER_CONSONANT, "나": AFTER_VOWEL,
    "이랑": AFTER_CONSONANT, "랑": AFTER_VOWEL,
    "으로": AFTER_CONSONANT, "로": AFTER_VOWEL_OR_RIEUL,
    "으로서": AFTER_CONSONANT, "로서": AFTER_VOWEL_OR_RIEUL,
    "으로써": AFTER_CONSONANT, "로써": AFTER_VOWEL_OR_RIEUL,
    "으로부터": AFTER_CONSONANT, "로부터": AFTER_VOWEL_OR_RIEUL,
    **dict.fromkeys(
        ("의", "에", "에서", "에서부터", "에게", "에게서", "한테", "한테서", "께", "도", "만",
         "까지", "부터", "보다", "처럼", "마다", "조차", "마저", "밖에", "뿐"),
        AFTER_ANY,
    ),
}
# Particles that often take a second one (에서 + 는 = 에서는); the second's form follows the first.
STACKING = ("에", "에서", "에게", "한테", "으로", "로", "과", "와", "까지", "부터", "보다", "처럼", "만")


def _has_final_consonant(syllable: str) -> bool:
    return (ord(syllable) - _FIRST_SYLLABLE) % _FINALS != 0


def _syllables_ending_in(finals: set[int]) -> str:
    return "".join(
        chr(code) for code in range(_FIRST_SYLLABLE, _LAST_SYLLABLE + 1) if (code - _FIRST_SYLLABLE) % _FINALS in finals
    )


def _stacked() -> dict[str, str]:
    """Each stacking particle followed by the topic marker (은/는), 도, 의 or 만."""
    stacked = {}
    for first in STACKING:
        topic = "은" if _has_final_consonant(first[-1]) else "는"
        for second in (topic, "도", "의", "만"):
            if second != first:
                stacked[first + second] = PARTICLES[first]
    return stacked


def _particle_separator() -> str:
    vowel_final = _syllables_ending_in({0})
    rieul_final = _syllables_ending_in({_RIEUL})
    every = {**PARTICLES, **_stacked()}
    by_context: dict[str, list[str]] = {}
    for particle, context in every.items():
        by_context.setdefault(context, []).append(particle)
    # Lookbehinds are fixed-width (Python's rule); a Hangul stem is the two syllables before.
    stem = {
        AFTER_CONSONANT: f"(?<=[{HANGUL}]{{2}})(?<![{vowel_final}])",
        AFTER_VOWEL: f"(?<=[{HANGUL}][{vowel_final}])",
        AFTER_VOWEL_OR_RIEUL: f"(?<=[{HANGUL}][{vowel_final}{rieul_final}])",
        AFTER_ANY: f"(?<=[{HANGUL}]{{2}})",
    }
    every_particle = "|".join(sorted(every))
    alternatives = [f"(?<=[A-Za-z0-9])(?:{every_particle})"]
    alternatives += [f"{stem[context]}(?:{'|'.join(sorted(particles))})" for context, particles in by_context.items()]
    # The particle must end the Hangul run: 이미지를 loses 를, 이미지 and 레이어 keep 지 and 어.
    return f"(?:{'|'.join(alternatives)})(?![{HANGUL}])"


PARTICLE_SEPARATOR = _particle_separator()


def with_particles(separator: str) -> str:
    """Material's `separator` extended so that a particle ending a word also separates tokens."""
    if separator.endswith(PARTICLE_SEPARATOR):
        return separator  # already extended (mkdocs serve rebuilds)
    return f"{separator}|{PARTICLE_SEPARATOR}"
