"""A paragraph's text as a shared document (a Yjs CRDT, through pycrdt): what co-editing rests on.

Each paragraph of the working copy is one Yjs document with one ``Y.Text`` named
:data:`TEXT_NAME`. Browsers (Yjs) and the server (pycrdt, the Rust port yrs) exchange Yjs
*updates* in the version 1 encoding: an update carries the inserted items with their ids
(client id, clock) and the ids deleted; applying updates in any order, any number of times,
gives the same text everywhere. A *state vector* (client id -> next clock) says what a peer
has; the diff against it is what that peer lacks (the Yjs sync protocol's steps 1 and 2).

Offsets: Yjs counts UTF-16 code units, pycrdt UTF-8 bytes, Python code points. Updates carry
no offsets, so the peers agree; only the server's own edits (:meth:`SharedText.set_text`)
turn code-point positions into pycrdt's byte offsets.

>>> shared = SharedText.from_text("We commit to cooperate.")
>>> other = SharedText.from_updates([shared.state()])
>>> update = other.set_text("We commit to cooperate fully.")
>>> shared.apply(update)
True
>>> shared.text
'We commit to cooperate fully.'
>>> shared.apply(update)  # the same update again changes nothing
False
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pycrdt

from server.core.errors import Conflict

#: The name of the paragraph's text in its shared document (both ends use it).
TEXT_NAME = "text"
#: An update that carries nothing (no items, no deletions).
EMPTY_UPDATE = b"\x00\x00"


class BadUpdate(ValueError):
    """Bytes that are not a Yjs update or state vector."""


class OutOfSync(Conflict):
    """An update builds on changes the server has not seen: the sender syncs first."""

    code = "out_of_sync"


def decode_state_vector(state_vector: bytes) -> dict[int, int]:
    """A state vector's entries: client id -> the number of items seen from that client.

    >>> decode_state_vector(bytes([1, 5, 3]))
    {5: 3}
    >>> decode_state_vector(b"\\x00")
    {}
    """
    values: list[int] = []
    position = 0
    try:
        while position < len(state_vector):
            value = shift = 0
            while True:
                byte = state_vector[position]
                position += 1
                value |= (byte & 0x7F) << shift
                shift += 7
                if byte < 0x80:
                    break
                if shift > 70:
                    raise BadUpdate("a state vector number is too long")
            values.append(value)
    except IndexError:
        raise BadUpdate("the state vector is cut short") from None
    if not values or len(values) != 1 + 2 * values[0]:
        raise BadUpdate("not a state vector")
    return {values[1 + 2 * i]: values[2 + 2 * i] for i in range(values[0])}


def covers(have: dict[int, int], need: dict[int, int]) -> bool:
    """Whether a peer that has ``have`` has seen everything ``need`` names.

    >>> covers({1: 5, 2: 1}, {1: 4})
    True
    >>> covers({1: 5}, {1: 6})
    False
    """
    return all(have.get(client, 0) >= clock for client, clock in need.items())


def state_vector_of(update: bytes) -> dict[int, int]:
    """The clocks an update reaches (what a peer must have to have seen all of it)."""
    try:
        return decode_state_vector(pycrdt.get_state(update))
    except ValueError as error:
        raise BadUpdate(str(error)) from None


def merge(updates: Iterable[bytes]) -> bytes:
    """One update equivalent to all of ``updates`` (what compaction stores)."""
    found = list(updates)
    if not found:
        return EMPTY_UPDATE
    if len(found) == 1:
        return found[0]
    try:
        return pycrdt.merge_updates(*found)
    except ValueError as error:
        raise BadUpdate(str(error)) from None


@dataclass(frozen=True, slots=True)
class Splice:
    """Replace ``removed`` code points at ``at`` with ``inserted``.

    >>> text_splice("abcdef", "abXdef")
    Splice(at=2, removed=1, inserted='X')
    """

    at: int
    removed: int
    inserted: str


def text_splice(before: str, after: str) -> Splice:
    """The smallest single splice turning ``before`` into ``after`` (common prefix and
    suffix kept), as the browser's editor binding computes it on every input."""
    limit = min(len(before), len(after))
    start = 0
    while start < limit and before[start] == after[start]:
        start += 1
    end = 0
    while end < limit - start and before[-1 - end] == after[-1 - end]:
        end += 1
    return Splice(start, len(before) - start - end, after[start:len(after) - end])


class SharedText:
    """One paragraph's shared document, held by the server as a peer."""

    def __init__(self) -> None:
        # Tests serve in threading mode, where one paragraph can be reached from two threads
        # (callers serialise access with the database's row lock).
        self._doc: pycrdt.Doc[pycrdt.Text] = pycrdt.Doc(allow_multithreading=True)
        self._text = self._doc.get(TEXT_NAME, type=pycrdt.Text)

    @classmethod
    def from_updates(cls, updates: Iterable[bytes]) -> SharedText:
        """The document made of stored updates (a compacted state, then later updates)."""
        shared = cls()
        for update in updates:
            shared.apply(update)
        return shared

    @classmethod
    def from_text(cls, text: str) -> SharedText:
        """A new document holding ``text`` (a paragraph that nobody has co-edited yet)."""
        shared = cls()
        if text:
            shared.set_text(text)
        return shared

    @property
    def text(self) -> str:
        return str(self._text)

    def state_vector(self) -> bytes:
        return self._doc.get_state()

    def clocks(self) -> dict[int, int]:
        return decode_state_vector(self._doc.get_state())

    def state(self) -> bytes:
        """Everything, as one update (what a new peer applies to have this document)."""
        return self._doc.get_update()

    def missing_for(self, state_vector: bytes) -> bytes:
        """What a peer that has ``state_vector`` lacks (sync step 2)."""
        decode_state_vector(state_vector)
        try:
            return self._doc.get_update(state_vector)
        except ValueError as error:
            raise BadUpdate(str(error)) from None

    def apply(self, update: bytes) -> bool:
        """Apply a peer's update; True when the text or what is known changed.

        Raises :class:`BadUpdate` for bytes that are not an update.
        """
        before_state, before_text = self._doc.get_state(), self.text
        try:
            self._doc.apply_update(update)
        except ValueError as error:
            raise BadUpdate(str(error)) from None
        return self._doc.get_state() != before_state or self.text != before_text

    def pending(self, update: bytes) -> bool:
        """True when some of the items in ``update`` could not be integrated (they build on
        items this document has not seen): after :meth:`apply`, the part of the update this
        document lacks still holds items (its first number, the count of clients, is not 0).
        """
        try:
            return pycrdt.get_update(update, self._doc.get_state())[:1] != b"\x00"
        except ValueError as error:
            raise BadUpdate(str(error)) from None

    def set_text(self, text: str) -> bytes:
        """Make the text ``text`` by one splice (the server's own edit, for an edit over HTTP
        or by another part of Accord); returns the update to store and send (empty when the
        text is already ``text``)."""
        current = self.text
        if current == text:
            return EMPTY_UPDATE
        splice = text_splice(current, text)
        start = len(current[:splice.at].encode("utf-8"))
        length = len(current[splice.at:splice.at + splice.removed].encode("utf-8"))
        made: list[bytes] = []
        # The transaction's own update (a diff from the old state vector would repeat the
        # document's whole delete set).
        subscription = self._doc.observe(lambda event: made.append(event.update))
        try:
            with self._doc.transaction():
                if length:
                    del self._text[start:start + length]
                if splice.inserted:
                    self._text.insert(start, splice.inserted)
        finally:
            self._doc.unobserve(subscription)
        return merge(made)
