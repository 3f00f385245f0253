"""Attribution: for every word of a unit, who put it there, across the whole history.

The input is the unit's text in each revision, in order (``None`` where the unit is absent),
and the amendments reflected or merged into each revision. Walking the revisions, the words
a revision keeps keep their origin; the words it inserts get a new :class:`Origin`. The
diff of two successive texts aligns them on whole words first and then runs
:func:`server.core.diff.word_diff` on each changed region (much cheaper than one word diff of the
whole texts when a few places changed). Origins:

* ``original``: the unit's text in the first revision of the history (the zero draft);
* ``amendment``: an inserted run whose words (non-space tokens, compared exactly) appear,
  in order and contiguously, in the proposed text of an amendment reflected or merged into
  that revision: the amendment(s), and so their proponents (an amendment applied to the
  working copy is given as the words its application inserted, :func:`inserted_words`). An
  inserted run contained as a whole in several amendments' texts is attributed to all of
  them (merged proposals). When no amendment contains the whole run, it is cut into the
  longest pieces that some amendment contains, pieces of at least two words
  (:data:`MIN_PIECE_WORDS`); the rest goes to the co-facilitators;
* ``co_facilitators``: any other inserted word: the co-facilitators' edit in that revision.

Whitespace-only insertions take the origin of the insertion just before them in the same
revision, if any, else the co-facilitators'. A unit absent from a revision and back in a
later one is compared with its last present text, so words that come back keep their origin.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise
from typing import Final

from diff_match_patch import diff_match_patch

from server.core.amendments import AmendmentKind, AmendmentState
from server.core.diff import DIFF_TIMEOUT, Op, Span, word_diff
from server.core.rebase import AmendmentView, fast_tokenize, split_chunks
from server.core.tokens import is_word_token

__all__ = [
    "MIN_PIECE_WORDS",
    "AttributedSpan",
    "Origin",
    "OriginKind",
    "attribute",
    "inserted_words",
]

#: A part of an inserted run is attributed to an amendment only if it has at least this many
#: words (a whole inserted run contained in an amendment's text is attributed whatever its
#: length).
MIN_PIECE_WORDS: Final = 2

_DECIDED: Final = frozenset({AmendmentState.REFLECTED, AmendmentState.MERGED})
_WITH_TEXT: Final = frozenset({AmendmentKind.CHANGE_WORDS, AmendmentKind.ALTERNATIVE,
                               AmendmentKind.ADD_UNIT})


class OriginKind(StrEnum):
    """Where words come from."""

    ORIGINAL = "original"
    AMENDMENT = "amendment"
    CO_FACILITATORS = "co_facilitators"


@dataclass(frozen=True, slots=True)
class Origin:
    """Who put words in the text, and in which revision (sequence). For ``amendment``,
    the amendments (ids, ascending) and their proponents (each once, in order)."""

    kind: OriginKind
    revision: int
    amendment_ids: tuple[int, ...] = ()
    proponents: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AttributedSpan:
    """``text`` = the attributed text's ``[start:end]`` (code-point offsets)."""

    start: int
    end: int
    text: str
    origin: Origin


_Run = tuple[int, int, Origin]


class _Proposal:
    """An amendment's proposed text as a sequence of non-space tokens, indexed."""

    __slots__ = ("amendment", "positions", "tokens")

    def __init__(self, amendment: AmendmentView) -> None:
        self.amendment = amendment
        self.tokens = [t for t in fast_tokenize(amendment.text or "") if not t.isspace()]
        self.positions: dict[str, list[int]] = {}
        for i, token in enumerate(self.tokens):
            self.positions.setdefault(token, []).append(i)

    def longest(self, words: Sequence[str], at: int) -> int:
        """Longest run ``words[at:at+n]`` found contiguously in this proposal."""
        best = 0
        for p in self.positions.get(words[at], ()):
            n = 1
            while (at + n < len(words) and p + n < len(self.tokens)
                   and self.tokens[p + n] == words[at + n]):
                n += 1
            best = max(best, n)
        return best


def _origin_of(proposals: Sequence[_Proposal], revision: int) -> Origin:
    ids: list[int] = []
    proponents: dict[str, None] = {}
    for p in sorted(proposals, key=lambda p: p.amendment.id):
        if p.amendment.id in ids:  # several words an application put in (inserted_words)
            continue
        ids.append(p.amendment.id)
        for code in p.amendment.proponents:
            proponents.setdefault(code, None)
    return Origin(OriginKind.AMENDMENT, revision, tuple(ids), tuple(proponents))


def _inserted(text: str, offset: int, proposals: Sequence[_Proposal], revision: int,
              cofac: Origin, before: Origin | None) -> list[_Run]:
    """Runs for one inserted span ``text`` placed at ``offset`` of the new text."""
    tokens = fast_tokenize(text)
    starts: list[int] = []  # offset (in text) of each non-space token
    words: list[str] = []
    pos = 0
    for token in tokens:
        if not token.isspace():
            starts.append(pos)
            words.append(token)
        pos += len(token)
    if not words:
        origin = before if before is not None and before.revision == revision else cofac
        return [(offset, offset + len(text), origin)]
    whole = [p for p in proposals if p.longest(words, 0) == len(words)]
    if whole:
        return [(offset, offset + len(text), _origin_of(whole, revision))]
    pieces: list[tuple[int, int, Origin]] = []  # (first word, end word, origin)
    i = 0
    while i < len(words):
        lengths = [(p.longest(words, i), p) for p in proposals]
        best = max((n for n, _ in lengths), default=0)
        counted = sum(1 for w in words[i : i + best] if is_word_token(w))
        if best and counted >= MIN_PIECE_WORDS:
            pieces.append((i, i + best, _origin_of([p for n, p in lengths if n == best],
                                                   revision)))
            i += best
        else:
            if pieces and pieces[-1][2] is cofac:
                pieces[-1] = (pieces[-1][0], i + 1, cofac)
            else:
                pieces.append((i, i + 1, cofac))
            i += 1
    runs: list[_Run] = []
    for k, (first, _, origin) in enumerate(pieces):
        start = 0 if k == 0 else starts[first]
        end = len(text) if k == len(pieces) - 1 else starts[pieces[k + 1][0]]
        runs.append((offset + start, offset + end, origin))
    return runs


def _merge_runs(runs: list[_Run]) -> list[_Run]:
    out: list[_Run] = []
    for start, end, origin in runs:
        if start == end:
            continue
        if out and out[-1][2] == origin and out[-1][1] == start:
            out[-1] = (out[-1][0], end, origin)
        else:
            out.append((start, end, origin))
    return out


def _aligned_diff(old: str, new: str) -> list[Span]:
    """A word diff of ``old`` and ``new``: the texts are first aligned on whole chunks (a
    word with its punctuation and trailing space, :func:`split_chunks`), then each changed
    region is diffed with :func:`word_diff`. Much cheaper than one word diff of the whole
    texts when a few places changed; the spans spell out both texts and fall between
    tokens, like :func:`word_diff`'s."""
    if old == new:
        return [Span(Op.EQUAL, old)] if old else []
    codes: dict[str, str] = {}
    decode: list[str] = []

    def encode(chunks: list[str]) -> str:
        out = []
        for chunk in chunks:
            code = codes.get(chunk)
            if code is None:
                code = codes[chunk] = chr(0x10000 + len(decode))
                decode.append(chunk)
            out.append(code)
        return "".join(out)

    a, b = encode(split_chunks(old)), encode(split_chunks(new))
    if len(decode) > 0x100000 - 0x10000:  # pragma: no cover - over a million distinct chunks
        return word_diff(old, new)
    dmp = diff_match_patch()
    dmp.Diff_Timeout = DIFF_TIMEOUT
    spans: list[Span] = []
    region_old: list[str] = []
    region_new: list[str] = []

    def flush() -> None:
        if region_old or region_new:
            spans.extend(word_diff("".join(region_old), "".join(region_new)))
            region_old.clear()
            region_new.clear()

    for op, encoded in dmp.diff_main(a, b, False):
        text = "".join(decode[ord(c) - 0x10000] for c in encoded)
        if op == 0:
            flush()
            spans.append(Span(Op.EQUAL, text))
        elif op < 0:
            region_old.append(text)
        else:
            region_new.append(text)
    flush()
    merged: list[Span] = []
    for span in spans:
        if merged and merged[-1].op is span.op:
            merged[-1] = Span(span.op, merged[-1].text + span.text)
        else:
            merged.append(span)
    return merged


def _step(old: str, runs: list[_Run], new: str, proposals: Sequence[_Proposal],
          revision: int) -> list[_Run]:
    """Carry ``runs`` (covering ``old``) onto ``new``, attributing what was inserted."""
    cofac = Origin(OriginKind.CO_FACILITATORS, revision)
    out: list[_Run] = []
    o = n = 0
    k = 0  # first run that may still overlap old[o:]
    for span in _aligned_diff(old, new):
        length = len(span.text)
        if span.op is Op.DELETE:
            o += length
            continue
        if span.op is Op.INSERT:
            before = out[-1][2] if out and out[-1][1] == n else None
            out.extend(_inserted(span.text, n, proposals, revision, cofac, before))
            n += length
            continue
        end = o + length
        while k < len(runs) and runs[k][1] <= o:
            k += 1
        j = k
        while j < len(runs) and runs[j][0] < end:
            rs, re_, origin = runs[j]
            out.append((max(rs, o) - o + n, min(re_, end) - o + n, origin))
            j += 1
        o, n = end, n + length
    return _merge_runs(out)


def inserted_words(before: str | None, after: str | None) -> list[str]:
    """The runs of text ``after`` inserts into ``before`` (a word diff; None is no text):
    what an amendment applied to the working copy put there. Passed to :func:`attribute` as
    that amendment's proposed texts, one per run, they attribute to it exactly the words it
    brought (not the words of the paragraph it left as they were).

    >>> inserted_words("We commit to return.", "We commit to safe and orderly return.")
    ['safe and orderly ']
    >>> inserted_words(None, "A new paragraph.")
    ['A new paragraph.']
    """
    runs: list[str] = []
    pending = ""
    for span in word_diff(before or "", after or ""):
        if span.op is Op.INSERT:
            pending += span.text
        elif span.op is Op.EQUAL and pending:
            runs.append(pending)
            pending = ""
    if pending:
        runs.append(pending)
    return [run for run in runs if run.strip()]


def attribute(history: Sequence[tuple[int, str | None]],
              reflected: Mapping[int, Sequence[AmendmentView]], *,
              at: int | None = None, unit: str | None = None) -> list[AttributedSpan]:
    """Attribute every word of a unit's text in revision ``at`` (default: the last one of
    ``history``) to the zero draft, an amendment, or the co-facilitators' edit of a revision.

    ``history``: ``(revision sequence, the unit's text or None)`` in ascending sequence
    order; the first entry is the original text. ``reflected``: for each revision sequence,
    the amendments reflected or merged into it (others are ignored: only states
    ``reflected`` and ``merged``, kinds with a text). ``unit``: when given, amendments of
    kind ``change_words`` or ``alternative`` targeting another unit are ignored (``add_unit``
    ones name their anchor, so they are kept).

    Guarantees: the spans tile the text of revision ``at`` exactly, in order (their ``text``
    joined is that text; ``start``/``end`` are contiguous code-point offsets); no span is
    empty; neighbouring spans differ in origin; span boundaries fall between tokens; words
    unchanged since the first revision are ``original``. Returns ``[]`` when the unit is
    absent (None or empty text) in that revision. Raises ``ValueError`` when the sequences
    of ``history`` are not strictly increasing or ``at`` is not one of them. Never raises
    for any text.
    """
    seqs = [seq for seq, _ in history]
    if any(b <= a for a, b in pairwise(seqs)):
        raise ValueError("history must be in strictly increasing revision order")
    if at is None:
        if not history:
            return []
        at = seqs[-1]
    elif at not in seqs:
        raise ValueError(f"revision {at} is not in the history")
    text: str | None = None
    last = ""
    runs: list[_Run] = []
    first = seqs[0] if seqs else at
    for seq, current in history:
        if seq > at:
            break
        text = current
        if current is None:
            continue
        if seq == first:
            runs = [(0, len(current), Origin(OriginKind.ORIGINAL, seq))] if current else []
        else:
            proposals = [
                _Proposal(a) for a in reflected.get(seq, ())
                if a.state in _DECIDED and a.kind in _WITH_TEXT and a.text
                and (unit is None or a.kind is AmendmentKind.ADD_UNIT or a.unit == unit)
            ]
            runs = _step(last, runs, current, proposals, seq)
        last = current
    if not text:
        return []
    return [AttributedSpan(s, e, text[s:e], origin) for s, e, origin in runs]

