"""Hypothesis strategies for text in the six UN languages, shared by the unit tests of
``server.core`` (tokens, diffs, brackets, lineage, rebase, compilation, attribution, importing).
"""

from __future__ import annotations

from hypothesis import strategies as st

# Code point ranges: Arabic (letters, harakat, Arabic comma), RTL/LTR marks and joiners,
# CJK unified ideographs and extension B (outside the BMP), CJK punctuation, kana,
# Cyrillic, Latin-1 letters with accents, combining diacritics, emoji (outside the BMP),
# ASCII printable (brackets, slashes, digits, '<', '&'), whitespace.
_RANGES: list[tuple[int, int]] = [
    (0x0600, 0x06FF),
    (0x200C, 0x200F),
    (0x4E00, 0x9FFF),
    (0x20000, 0x2A6DF),
    (0x3000, 0x303F),
    (0x3040, 0x30FF),
    (0x0400, 0x04FF),
    (0x00C0, 0x00FF),
    (0x0300, 0x036F),
    (0x1F300, 0x1FAFF),
    (0x0020, 0x007E),
]

multiscript_chars = st.one_of(
    *[st.characters(min_codepoint=lo, max_codepoint=hi) for lo, hi in _RANGES],
    st.sampled_from(["\n", "\r", "\t", "\u00a0", "\u202f", "\u0301", "\u064e", "\u200d"]),
)

#: Arbitrary text mixing all six scripts, combining marks, RTL marks and emoji.
multiscript_text = st.text(alphabet=multiscript_chars, max_size=200)

WORDS: list[str] = [
    "Parties",
    "shall",
    "should",
    "[enhance]",
    "the",
    "Convention",
    "climate",
    "1.5",
    "l'Accord",
    "développement",
    "Naciones",
    "Unidas",
    "según",
    "Стороны",
    "Соглашения",
    "الأطراف",
    "الاتفاق",
    "مُحَمَّد",
    "缔约方",
    "气候变化",
    "協定",
    "🌍",
    "🇺🇳",
    "[",
    "]",
    "/",
    "Option",
    "1:",
    ",",
    ";",
    "<script>",
    "&amp;",
    "e\u0301",
    "𠀋",
]

#: Sentences of realistic words from all six languages separated by spaces or newlines,
#: so that two draws share words and diffs have something to align.
multiscript_sentence = st.lists(
    st.tuples(st.sampled_from(WORDS), st.sampled_from([" ", " ", " ", "\n", ", ", ""])),
    max_size=40,
).map(lambda pairs: "".join(w + sep for w, sep in pairs))
