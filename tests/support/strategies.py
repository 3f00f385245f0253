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


# ---- what an export must survive (tests/documents/test_export_limits.py) ---------------------

#: Characters no stored text should hold but every export must survive: C0 and C1 controls,
#: direction overrides and isolates, the BOM, non-characters, lone surrogates.
hostile_chars = st.one_of(
    multiscript_chars,
    st.characters(max_codepoint=0x9F, categories=["Cc"]),
    st.sampled_from(["\u202e", "\u202d", "\u2066", "\u2069", "\u200f", "\ufeff", "\ufffe",
                     "\uffff", "\ud800", "\udfff", "\x00", "\x0b", "\x0c", "\u200d", "\ufe0f"]),
)

#: Words with no space to cut at: Latin with combining accents, Arabic, CJK, flags and
#: family emoji (joined by U+200D).
long_words = st.lists(st.sampled_from(["a", "e\u0301", "\u0628", "\u5b57", "\U0001f1fa\U0001f1f3",
                                       "\U0001f469\u200d\U0001f469\u200d\U0001f467", "\u064e"]),
                      min_size=150, max_size=600).map("".join)

#: Titles of every length, script and mishap (up to 2,000 characters).
export_titles = st.one_of(
    st.text(alphabet=hostile_chars, min_size=1, max_size=400),
    long_words,
    st.tuples(multiscript_sentence, long_words, multiscript_sentence).map(" ".join),
    st.text(alphabet=st.sampled_from("Global Compact for Safe, Orderly and Regular Migration "),
            min_size=250, max_size=2000),
)

#: Delegations' names as the UN writes them, and anything else.
delegation_names = st.one_of(
    st.sampled_from(["Plurinational State of Bolivia", "Bolivarian Republic of Venezuela",
                     "United Kingdom of Great Britain and Northern Ireland",
                     "Democratic People's Republic of Korea", "African Group",
                     "Group of 77 and China", "\u0627\u0644\u062c\u0645\u0647\u0648\u0631\u064a"
                     "\u0629 \u0627\u0644\u0639\u0631\u0628\u064a\u0629 \u0627\u0644\u0633\u0648"
                     "\u0631\u064a\u0629", "\u4e2d\u534e\u4eba\u6c11\u5171\u548c\u56fd",
                     "\u0420\u043e\u0441\u0441\u0438\u0439\u0441\u043a\u0430\u044f \u0424\u0435"
                     "\u0434\u0435\u0440\u0430\u0446\u0438\u044f"]),
    st.text(alphabet=hostile_chars, min_size=1, max_size=120),
)

#: One to twelve proponents (a proposer and co-proponents).
proponent_lists = st.lists(delegation_names, min_size=1, max_size=12)
