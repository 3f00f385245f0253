"""Word-level diffs of negotiated text, through diff-match-patch.

The texts are split into tokens (:mod:`server.core.tokens`: words, Han characters,
whitespace runs, punctuation marks), each distinct token is mapped to one code point (the
"lines-to-chars" technique of diff-match-patch applied to tokens), the encoded strings are
diffed, and the result is cleaned up at token level so that it reads like a person's
mark-up: tiny equalities between changes are coalesced into one replacement, and single
insertions or deletions are slid to start on a word and end after its trailing space.
Because every step works on whole tokens, a span boundary never falls inside a word or a
grapheme cluster.

Diff one unit (paragraph) at a time, never whole documents: see ``../shared/STACK.md``.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import zip_longest
from typing import Final

from diff_match_patch import diff_match_patch

from server.core.tokens import TokenKind, count_words, is_word_token, token_kind, tokenize

__all__ = [
    "DIFF_TIMEOUT",
    "DiffStats",
    "Op",
    "Row",
    "Span",
    "apply_spans",
    "diff_stats",
    "render_html",
    "side_by_side",
    "source_text",
    "spans_from_json",
    "spans_to_json",
    "target_text",
    "word_diff",
]

#: Seconds diff-match-patch may spend on one diff before it settles for a coarser (still
#: correct) answer. On tokens, one unit of negotiated text (up to a few thousand words)
#: diffs in milliseconds to a few hundred milliseconds, so this limit is only reached on
#: pathological input, where it bounds the time the caller's worker is blocked.
DIFF_TIMEOUT: Final[float] = 2.0

_DMP_DELETE: Final = -1
_DMP_EQUAL: Final = 0
_DMP_INSERT: Final = 1

_Diff = tuple[int, str]


class Op(StrEnum):
    """The operation of a diff span."""

    EQUAL = "equal"
    INSERT = "insert"
    DELETE = "delete"


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text that is kept (EQUAL), added (INSERT) or removed (DELETE)."""

    op: Op
    text: str


@dataclass(frozen=True, slots=True)
class DiffStats:
    """Word counts of a diff (words as counted by :func:`server.core.tokens.count_words`)."""

    words_inserted: int
    words_deleted: int
    words_unchanged: int

    @property
    def changed(self) -> bool:
        """True when anything was inserted or deleted (words or not)."""
        return self.words_inserted > 0 or self.words_deleted > 0


@dataclass(frozen=True, slots=True)
class Row:
    """One row of a two-column (old | new) view of a diff.

    ``left`` holds the EQUAL and DELETE spans of one line of the old text, ``right`` the
    EQUAL and INSERT spans of the facing line of the new text, without their line breaks.
    A side is ``None`` when that side has no line facing the other (lines added or removed);
    an empty tuple is a real, empty line.
    """

    left: tuple[Span, ...] | None
    right: tuple[Span, ...] | None

    @property
    def left_text(self) -> str | None:
        """The old line's text, or None when there is no old line in this row."""
        return None if self.left is None else "".join(s.text for s in self.left)

    @property
    def right_text(self) -> str | None:
        """The new line's text, or None when there is no new line in this row."""
        return None if self.right is None else "".join(s.text for s in self.right)

    @property
    def changed(self) -> bool:
        """True when the row shows any insertion, deletion or missing side."""
        if self.left is None or self.right is None:
            return True
        return any(s.op is not Op.EQUAL for s in (*self.left, *self.right))


# --------------------------------------------------------------------------- encoding


class _TooManyTokens(Exception):
    """More distinct tokens than there are usable code points."""


_PUA_START: Final = 0xE000
_PUA_SIZE: Final = 0xF900 - 0xE000  # U+E000..U+F8FF, the BMP private use area
_PLANES_START: Final = 0xF0000
_PLANES_SIZE: Final = 0x110000 - 0xF0000  # planes 15 and 16 (supplementary private use)
_SURROGATES: Final = range(0xD800, 0xE000)
# Everything else that is not a surrogate nor already used above, in order.
_REST: Final[tuple[range, ...]] = (
    range(0x0000, 0xD800),
    range(0xF900, 0xF0000),
)
_REST_SIZE: Final = sum(len(r) for r in _REST)
MAX_DISTINCT_TOKENS: Final = _PUA_SIZE + _PLANES_SIZE + _REST_SIZE


def _code_point(index: int) -> int:
    """The code point that encodes the ``index``-th distinct token (never a surrogate)."""
    if index < 0:
        raise ValueError("negative token index")
    if index < _PUA_SIZE:
        return _PUA_START + index
    index -= _PUA_SIZE
    if index < _PLANES_SIZE:
        return _PLANES_START + index
    index -= _PLANES_SIZE
    for block in _REST:
        if index < len(block):
            return block[index]
        index -= len(block)
    raise _TooManyTokens


class _Encoder:
    """Maps distinct tokens to single characters and back."""

    def __init__(self) -> None:
        self.codes: dict[str, str] = {}
        self.tokens: dict[str, str] = {}
        self.weights: dict[str, int] = {}
        self.words: dict[str, bool] = {}

    def encode(self, tokens: Sequence[str]) -> str:
        out: list[str] = []
        codes = self.codes
        for tok in tokens:
            ch = codes.get(tok)
            if ch is None:
                ch = chr(_code_point(len(codes)))
                codes[tok] = ch
                self.tokens[ch] = tok
                self.weights[ch] = len(tok)
                self.words[ch] = is_word_token(tok)
            out.append(ch)
        return "".join(out)

    def decode(self, encoded: str) -> str:
        tokens = self.tokens
        return "".join(tokens[ch] for ch in encoded)

    def weight(self, encoded: str) -> int:
        weights = self.weights
        return sum(weights[ch] for ch in encoded)

    def has_word(self, encoded: str) -> bool:
        words = self.words
        return any(words[ch] for ch in encoded)

    def kind(self, ch: str) -> TokenKind:
        return token_kind(self.tokens[ch])


# --------------------------------------------------------------------------- clean-up


def _merge(dmp: diff_match_patch, diffs: list[_Diff]) -> list[_Diff]:
    """diff-match-patch's merge (on encoded text it factors whole tokens only)."""
    if diffs:
        dmp.diff_cleanupMerge(diffs)
    return [d for d in diffs if d[1]]


class _Run:
    """A run of changes between two equalities (encoded text and character weights)."""

    __slots__ = ("del_w", "dels", "ins", "ins_w")

    def __init__(self) -> None:
        self.dels: list[str] = []
        self.ins: list[str] = []
        self.del_w = 0
        self.ins_w = 0

    def absorb(self, equality: str, weight: int, right: _Run) -> None:
        """Become ``self + <del/ins equality> + right``."""
        self.dels.append(equality)
        self.dels.extend(right.dels)
        self.ins.append(equality)
        self.ins.extend(right.ins)
        self.del_w += weight + right.del_w
        self.ins_w += weight + right.ins_w

    def size(self) -> int:
        return max(self.del_w, self.ins_w)


def _eliminate_small_equalities(diffs: list[_Diff], enc: _Encoder) -> list[_Diff]:
    """Turn an equality between two changes into delete+insert when it holds no word (only
    spaces and punctuation), or when it is shorter, in characters, than the changes on both
    sides of it (diff_cleanupSemantic's rule, strict, weighted by token length), cascading
    leftwards as runs grow. Linear time: a stack of alternating runs and equalities."""
    runs: list[_Run] = [_Run()]
    equalities: list[tuple[str, int]] = []
    for op, text in diffs:
        if op == _DMP_EQUAL:
            equalities.append((text, enc.weight(text)))
            runs.append(_Run())
            continue
        run = runs[-1]
        if op == _DMP_INSERT:
            run.ins.append(text)
            run.ins_w += enc.weight(text)
        else:
            run.dels.append(text)
            run.del_w += enc.weight(text)
        # Cascade: the last equality may now be eliminable, then the one before it, ...
        while equalities:
            eq_text, eq_w = equalities[-1]
            left, right = runs[-2], runs[-1]
            if left.size() == 0 or right.size() == 0:
                break
            if enc.has_word(eq_text) and (eq_w >= left.size() or eq_w >= right.size()):
                break
            left.absorb(eq_text, eq_w, right)
            runs.pop()
            equalities.pop()
    out: list[_Diff] = []
    for i, run in enumerate(runs):
        if run.dels:
            out.append((_DMP_DELETE, "".join(run.dels)))
        if run.ins:
            out.append((_DMP_INSERT, "".join(run.ins)))
        if i < len(equalities):
            out.append((_DMP_EQUAL, equalities[i][0]))
    return out


def _extract_overlaps(dmp: diff_match_patch, diffs: list[_Diff], enc: _Encoder) -> list[_Diff]:
    """<del>abc xxx</del><ins>xxx def</ins> -> <del>abc </del>xxx<ins> def</ins> when the
    overlap is at least half of the deletion or the insertion (in characters)."""
    out: list[_Diff] = []
    i = 0
    while i < len(diffs):
        if i + 1 < len(diffs) and diffs[i][0] == _DMP_DELETE and diffs[i + 1][0] == _DMP_INSERT:
            deletion = diffs[i][1]
            insertion = diffs[i + 1][1]
            ov1 = dmp.diff_commonOverlap(deletion, insertion)
            ov2 = dmp.diff_commonOverlap(insertion, deletion)
            dw, iw = enc.weight(deletion), enc.weight(insertion)
            if ov1 >= ov2 and ov1:
                ow = enc.weight(insertion[:ov1])
                if ow >= dw / 2 or ow >= iw / 2:
                    out += [
                        (_DMP_DELETE, deletion[: len(deletion) - ov1]),
                        (_DMP_EQUAL, insertion[:ov1]),
                        (_DMP_INSERT, insertion[ov1:]),
                    ]
                    i += 2
                    continue
            elif ov2:
                ow = enc.weight(deletion[:ov2])
                if ow >= dw / 2 or ow >= iw / 2:
                    out += [
                        (_DMP_INSERT, insertion[: len(insertion) - ov2]),
                        (_DMP_EQUAL, deletion[:ov2]),
                        (_DMP_DELETE, deletion[ov2:]),
                    ]
                    i += 2
                    continue
            out += diffs[i : i + 2]
            i += 2
            continue
        out.append(diffs[i])
        i += 1
    return [d for d in out if d[1]]


def _edit_score(edit: str, enc: _Encoder) -> int:
    """How much an insertion or deletion looks like a person's mark-up: it starts on a word
    (or mark) rather than on a space, and ends after a space or punctuation mark."""
    first, last = enc.kind(edit[0]), enc.kind(edit[-1])
    score = 0
    if first is not TokenKind.SPACE:
        score += 2
    if last is TokenKind.SPACE:
        score += 1
    return score


def _align_single_edits(diffs: list[_Diff], enc: _Encoder) -> bool:
    """Slide each edit that sits between two equalities to its best-looking position
    (diff_cleanupSemanticLossless, at token level). Returns True when anything moved."""
    changed = False
    pointer = 1
    while pointer < len(diffs) - 1:
        prev_op, eq1 = diffs[pointer - 1]
        op, edit = diffs[pointer]
        next_op, eq2 = diffs[pointer + 1]
        if prev_op == _DMP_EQUAL and next_op == _DMP_EQUAL and op != _DMP_EQUAL:
            # Shift the edit as far left as possible.
            common = 0
            while common < min(len(eq1), len(edit)) and eq1[-1 - common] == edit[-1 - common]:
                common += 1
            original = (eq1, edit, eq2)
            if common:
                tail = edit[len(edit) - common :]
                eq1 = eq1[: len(eq1) - common]
                edit = tail + edit[: len(edit) - common]
                eq2 = tail + eq2
            best = (eq1, edit, eq2)
            best_score = _edit_score(edit, enc)
            # Step right one token at a time, keeping the first best position.
            while eq2 and edit[0] == eq2[0]:
                eq1, edit, eq2 = eq1 + edit[0], edit[1:] + eq2[0], eq2[1:]
                score = _edit_score(edit, enc)
                if score > best_score:
                    best_score = score
                    best = (eq1, edit, eq2)
            if best != original:
                diffs[pointer - 1 : pointer + 2] = [
                    (_DMP_EQUAL, best[0]),
                    (op, best[1]),
                    (_DMP_EQUAL, best[2]),
                ]
                changed = True
        pointer += 1
    return changed


def _cleanup(dmp: diff_match_patch, diffs: list[_Diff], enc: _Encoder) -> list[_Diff]:
    diffs = _merge(dmp, _eliminate_small_equalities(diffs, enc))
    diffs = _extract_overlaps(dmp, diffs, enc)
    if _align_single_edits(diffs, enc):
        diffs = _merge(dmp, diffs)
    return diffs


# --------------------------------------------------------------------------- public API


def _normalised(spans: Iterable[Span]) -> list[Span]:
    """Drop empty spans, merge neighbours with the same op, put deletions before insertions
    within each changed run."""
    out: list[Span] = []
    run_del: list[str] = []
    run_ins: list[str] = []

    def flush() -> None:
        if run_del:
            out.append(Span(Op.DELETE, "".join(run_del)))
            run_del.clear()
        if run_ins:
            out.append(Span(Op.INSERT, "".join(run_ins)))
            run_ins.clear()

    for span in spans:
        if not span.text:
            continue
        if span.op is Op.DELETE:
            run_del.append(span.text)
        elif span.op is Op.INSERT:
            run_ins.append(span.text)
        else:
            flush()
            if out and out[-1].op is Op.EQUAL:
                out[-1] = Span(Op.EQUAL, out[-1].text + span.text)
            else:
                out.append(span)
    flush()
    return out


def _fallback_diff(old_tokens: list[str], new_tokens: list[str]) -> list[Span]:
    """Common token prefix and suffix kept, the middle replaced (used only when the texts
    hold more distinct tokens than there are code points)."""
    n = min(len(old_tokens), len(new_tokens))
    pre = 0
    while pre < n and old_tokens[pre] == new_tokens[pre]:
        pre += 1
    suf = 0
    while suf < n - pre and old_tokens[-1 - suf] == new_tokens[-1 - suf]:
        suf += 1
    return _normalised(
        [
            Span(Op.EQUAL, "".join(old_tokens[:pre])),
            Span(Op.DELETE, "".join(old_tokens[pre : len(old_tokens) - suf])),
            Span(Op.INSERT, "".join(new_tokens[pre : len(new_tokens) - suf])),
            Span(Op.EQUAL, "".join(old_tokens[len(old_tokens) - suf :])),
        ]
    )


_OPS: Final = {_DMP_EQUAL: Op.EQUAL, _DMP_INSERT: Op.INSERT, _DMP_DELETE: Op.DELETE}


def word_diff(old: str, new: str, *, timeout: float = DIFF_TIMEOUT) -> list[Span]:
    """Diff ``old`` against ``new`` word by word, cleaned up to read like human mark-up.

    Guarantees: ``apply_spans(old, result) == new``; ``source_text(result) == old`` and
    ``target_text(result) == new``; no span is empty; adjacent spans never share an op;
    within a changed run the DELETE span comes before the INSERT span; span boundaries fall
    only between tokens (never inside a word or grapheme cluster); ``word_diff(a, a)`` is
    ``[Span(EQUAL, a)]`` (``[]`` for ``""``). Correct for any number of distinct tokens.
    ``timeout`` (seconds, <= 0 for none) bounds the time spent searching; past it the
    answer is coarser but still satisfies every guarantee above. Diff per unit, not whole
    documents.
    """
    if old == new:
        return [Span(Op.EQUAL, old)] if old else []
    old_tokens = tokenize(old)
    new_tokens = tokenize(new)
    enc = _Encoder()
    try:
        a = enc.encode(old_tokens)
        b = enc.encode(new_tokens)
    except _TooManyTokens:
        return _fallback_diff(old_tokens, new_tokens)
    dmp = diff_match_patch()
    dmp.Diff_Timeout = timeout
    diffs: list[_Diff] = [(op, text) for op, text in dmp.diff_main(a, b, False)]
    diffs = _cleanup(dmp, diffs, enc)
    return _normalised(Span(_OPS[op], enc.decode(text)) for op, text in diffs)


def apply_spans(old: str, spans: Sequence[Span]) -> str:
    """Apply ``spans`` to ``old`` and return the new text.

    Guarantees: ``apply_spans(a, word_diff(a, b)) == b``. Raises ``ValueError`` when the
    EQUAL and DELETE spans, in order, do not spell out exactly ``old``.
    """
    pos = 0
    out: list[str] = []
    for i, span in enumerate(spans):
        if span.op is Op.INSERT:
            out.append(span.text)
            continue
        end = pos + len(span.text)
        if old[pos:end] != span.text:
            raise ValueError(f"span {i} ({span.op.value}) does not match the text at offset {pos}")
        if span.op is Op.EQUAL:
            out.append(span.text)
        pos = end
    if pos != len(old):
        raise ValueError(f"spans cover {pos} of {len(old)} characters of the old text")
    return "".join(out)


def source_text(spans: Iterable[Span]) -> str:
    """The old text of a diff: its EQUAL and DELETE spans joined in order."""
    return "".join(s.text for s in spans if s.op is not Op.INSERT)


def target_text(spans: Iterable[Span]) -> str:
    """The new text of a diff: its EQUAL and INSERT spans joined in order."""
    return "".join(s.text for s in spans if s.op is not Op.DELETE)


def spans_to_json(spans: Iterable[Span]) -> list[dict[str, str]]:
    """JSON-ready form of a diff: ``[{"op": "insert", "text": "..."}, ...]``.

    Guarantees: ``spans_from_json(spans_to_json(s)) == list(s)`` for every diff ``s``
    produced by :func:`word_diff`. Text is passed through untouched (code points, so a
    JavaScript client must not index it in UTF-16 units as if they were code points).
    """
    return [{"op": s.op.value, "text": s.text} for s in spans]


def spans_from_json(data: object) -> list[Span]:
    """Read spans written by :func:`spans_to_json`, validating them.

    Guarantees: the result has no empty span and no two adjacent spans with the same op.
    Raises ``ValueError`` when ``data`` is not a list of objects with exactly the keys
    ``op`` (one of ``equal``, ``insert``, ``delete``) and ``text`` (a non-empty string), or
    when two adjacent items share an op.
    """
    if not isinstance(data, list):
        raise ValueError("spans must be a list")
    out: list[Span] = []
    for i, item in enumerate(data):
        if not isinstance(item, dict):
            raise ValueError(f"span {i} must be an object")
        if set(item) != {"op", "text"}:
            raise ValueError(f"span {i} must have exactly the keys 'op' and 'text'")
        op, text = item["op"], item["text"]
        if not isinstance(op, str) or op not in {o.value for o in Op}:
            raise ValueError(f"span {i} has an unknown op {op!r}")
        if not isinstance(text, str):
            raise ValueError(f"span {i} text must be a string")
        if not text:
            raise ValueError(f"span {i} text is empty")
        span = Span(Op(op), text)
        if out and out[-1].op is span.op:
            raise ValueError(f"spans {i - 1} and {i} share the op {op!r}")
        out.append(span)
    return out


def render_html(spans: Iterable[Span]) -> str:
    """Inline HTML mark-up of a diff: ``<ins>..</ins>``, ``<del>..</del>``, plain equal text.

    Guarantees: every character of user text is HTML-escaped (``& < > " '``), so the only
    tags in the result are the ``<ins>`` and ``<del>`` this function writes; line breaks and
    spaces are kept as they are (style the container with ``white-space: pre-wrap``).
    """
    parts: list[str] = []
    for span in spans:
        text = html.escape(span.text, quote=True)
        if span.op is Op.INSERT:
            parts.append(f"<ins>{text}</ins>")
        elif span.op is Op.DELETE:
            parts.append(f"<del>{text}</del>")
        else:
            parts.append(text)
    return "".join(parts)


def _split_lines(text: str) -> list[str]:
    """Split on line breaks ("\\r\\n", "\\n", "\\r"); n breaks give n + 1 pieces."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def side_by_side(spans: Iterable[Span]) -> list[Row]:
    """Rows for a two-column view: old text on the left, new text on the right, line by line.

    Lines are aligned at line breaks that both texts share (inside EQUAL spans); between two
    such points, the old and new lines are paired in order and the shorter side is padded
    with ``None``. Guarantees: joining with ``"\\n"`` the non-None ``left_text`` of the
    rows gives the old text, and the ``right_text`` the new text, up to line-break style
    (``\\r\\n`` and ``\\r`` count as ``\\n``); an empty diff gives no rows.
    """
    rows: list[Row] = []
    left_lines: list[list[Span]] = [[]]
    right_lines: list[list[Span]] = [[]]
    seen_any = False

    def add(lines: list[list[Span]], op: Op, text: str) -> None:
        pieces = _split_lines(text)
        for j, piece in enumerate(pieces):
            if j:
                lines.append([])
            if piece:
                lines[-1].append(Span(op, piece))

    def sync() -> None:
        for left, right in zip_longest(left_lines, right_lines):
            rows.append(
                Row(
                    None if left is None else tuple(left),
                    None if right is None else tuple(right),
                )
            )

    for span in spans:
        seen_any = True
        if span.op is Op.DELETE:
            add(left_lines, Op.DELETE, span.text)
        elif span.op is Op.INSERT:
            add(right_lines, Op.INSERT, span.text)
        else:
            pieces = _split_lines(span.text)
            for j, piece in enumerate(pieces):
                if j:
                    sync()
                    left_lines, right_lines = [[]], [[]]
                if piece:
                    left_lines[-1].append(Span(Op.EQUAL, piece))
                    right_lines[-1].append(Span(Op.EQUAL, piece))
    if seen_any:
        sync()
    return rows


def diff_stats(spans: Iterable[Span]) -> DiffStats:
    """Count the words inserted, deleted and unchanged in a diff.

    Guarantees: ``words_deleted + words_unchanged == count_words(source_text(spans))`` and
    ``words_inserted + words_unchanged == count_words(target_text(spans))`` for diffs from
    :func:`word_diff` (their span boundaries never split a word).
    """
    ins = dels = same = 0
    for span in spans:
        n = count_words(span.text)
        if span.op is Op.INSERT:
            ins += n
        elif span.op is Op.DELETE:
            dels += n
        else:
            same += n
    return DiffStats(words_inserted=ins, words_deleted=dels, words_unchanged=same)
