"""Applying an amendment to the co-facilitators' working copy, and telling whether a decided
amendment's words are in a text.

The co-facilitators take a submitted amendment into the working copy as proposed, or with
changes: they give the amendment's text as they reword it, and it is used as given
(OpenSlides' change recommendations, Antragsgrün's merge). What applying does, by kind:

* ``change_words``: the paragraph's text becomes the amendment's proposed text, carried onto
  the paragraph as it stands now (:func:`server.core.rebase.carry_forward`: what the working
  copy changed elsewhere in the paragraph is kept). When the working copy changed the words
  the amendment changes, applying it as proposed is refused (a conflict): the
  co-facilitators give the text;
* ``add_unit``: a new paragraph with the amendment's text, after the paragraph and what is
  under it (numbered ``12 bis``, ``12 ter`` ...);
* ``delete_unit``: the paragraph and what is under it are removed;
* ``alternative``: its text is added to the paragraph as a bracketed alternative,
  ``[A][B]`` (to a paragraph that is already a row of alternatives, one more: ``[A][B][C]``);
* ``retain`` and ``reservation`` change no text: there is nothing to apply.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from server.core.amendments import APPLICABLE_KINDS, AmendmentKind
from server.core.brackets import bracket_partners
from server.core.errors import Conflict, Invalid
from server.core.rebase import AmendmentView, Outcome, carry_forward
from server.core.text import UnitView

__all__ = [
    "applied_text",
    "is_row_of_alternatives",
    "with_alternative",
    "words_in_text",
]

_SPACES: Final = re.compile(r"\s+")


def is_row_of_alternatives(text: str) -> bool:
    """Whether ``text`` is a row of two or more bracketed alternatives side by side and
    nothing else (``[A][B]``).

    >>> is_row_of_alternatives("[A][B]"), is_row_of_alternatives("[A] and [B]")
    (True, False)
    """
    core = text.strip()
    partners = bracket_partners(core)
    pos = groups = 0
    while pos < len(core):
        if core[pos] != "[" or pos not in partners:
            return False
        pos = partners[pos] + 1
        groups += 1
    return groups >= 2


def with_alternative(current: str, alternative: str) -> str:
    """The paragraph ``current`` with ``alternative`` added as a bracketed alternative
    (DOMAIN.md: alternatives appear as ``[A][B]``).

    Guarantees: the result holds ``current`` and ``alternative`` (stripped) whole, each in
    its own brackets; a paragraph that is already a row of alternatives gets one more.

    >>> with_alternative("We commit to return.", "We commit to reintegration.")
    '[We commit to return.][We commit to reintegration.]'
    >>> with_alternative("[A][B]", "C")
    '[A][B][C]'
    """
    core, added = current.strip(), alternative.strip()
    if is_row_of_alternatives(core):
        return f"{core}[{added}]"
    return f"[{core}][{added}]"


def applied_text(amendment: AmendmentView, current: str, edited: str | None) -> str | None:
    """The text applying ``amendment`` gives, as proposed or with the co-facilitators'
    rewording ``edited`` (the amendment's text as they want it): for ``change_words`` and
    ``alternative`` the paragraph's new text (``current`` is its text now); for ``add_unit``
    the new paragraph's text; for ``delete_unit`` None (the paragraph goes).

    Raises Invalid for ``retain`` and ``reservation`` (nothing to apply) and for a blank
    rewording; Conflict when a ``change_words`` amendment applied as proposed clashes with
    what the working copy changed since (``details``: the clashing changes).

    >>> from server.core.amendments import AmendmentState
    >>> a = AmendmentView(1, "p", AmendmentKind.CHANGE_WORDS, AmendmentState.SUBMITTED,
    ...                   ("MEX",), "Safe return.", "Safe and orderly return.", 0)
    >>> applied_text(a, "Safe return of all.", None)
    'Safe and orderly return of all.'
    """
    kind = amendment.kind
    if kind not in APPLICABLE_KINDS:
        raise Invalid(f"A {kind.value} changes no text: there is nothing to apply.",
                      details={"amendment": amendment.id, "kind": kind.value})
    if edited is not None and not edited.strip():
        raise Invalid("The reworded text is blank; to remove a paragraph, apply an amendment "
                      "deleting it or edit the working copy.",
                      details={"amendment": amendment.id, "field": "text"})
    if kind is AmendmentKind.DELETE_UNIT:
        return None
    if kind is AmendmentKind.ADD_UNIT:
        return edited if edited is not None else amendment.text or ""
    if kind is AmendmentKind.ALTERNATIVE:
        return with_alternative(current, edited if edited is not None else amendment.text or "")
    if edited is not None:
        return edited
    carried = carry_forward(amendment, current)
    if carried.outcome in (Outcome.UNCHANGED, Outcome.APPLIES) and \
            carried.proposed_text is not None:
        return carried.proposed_text
    raise Conflict(
        "The working copy changed the words this amendment changes; apply it with changes "
        "(give the text as it should read).",
        details={"amendment": amendment.id, "outcome": carried.outcome.value,
                 "reason": carried.reason, "current_text": current,
                 "amendment_changes": [{"old": c.old, "new": c.new}
                                       for c in carried.amendment_changes],
                 "working_copy_changes": [{"old": c.old, "new": c.new}
                                          for c in carried.revision_changes]})


def _normal(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def words_in_text(amendment: AmendmentView, units: Sequence[UnitView]) -> bool:
    """Whether ``units`` (a working copy, or a revision) already say what ``amendment``
    proposes, however they came to: for ``change_words`` the paragraph makes every change it
    proposes; ``add_unit`` and ``alternative``: some paragraph holds its text (spacing
    aside); ``delete_unit``: the paragraph is gone; ``retain``: the paragraph reads as it
    did; a ``reservation`` asks for no words.

    >>> from server.core.amendments import AmendmentState
    >>> from server.core.text import UnitKind
    >>> a = AmendmentView(1, "p", AmendmentKind.CHANGE_WORDS, AmendmentState.REFLECTED,
    ...                   ("MEX",), "Safe return.", "Safe and orderly return.", 0)
    >>> unit = UnitView("p", UnitKind.PARAGRAPH, None, "1", "Safe return.")
    >>> words_in_text(a, [unit])
    False
    """
    kind = amendment.kind
    if kind is AmendmentKind.RESERVATION:
        return True
    unit = next((u for u in units if u.key == amendment.unit), None)
    if kind is AmendmentKind.DELETE_UNIT:
        return unit is None
    if kind in (AmendmentKind.ADD_UNIT, AmendmentKind.ALTERNATIVE):
        wanted = _normal(amendment.text or "")
        return bool(wanted) and any(wanted in _normal(u.text) for u in units)
    if unit is None:
        return False
    if kind is AmendmentKind.RETAIN:
        return unit.text == amendment.base_text
    carried = carry_forward(amendment, unit.text)
    return carried.redundant
