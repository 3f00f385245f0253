"""Comparing what the API shows to different people.

Responses carry ``actions``: what the person asking may do now. The same object seen by two
people (or before and after a change of phase) is the same object with other actions.
"""

from __future__ import annotations

from typing import Any


def without_actions(value: Any) -> Any:
    """``value`` with every ``actions`` (and ``phase_moves``) key removed, at any depth.

    >>> without_actions({"id": 1, "actions": ["submit"], "units": [{"actions": []}]})
    {'id': 1, 'units': [{}]}
    """
    if isinstance(value, dict):
        return {k: without_actions(v) for k, v in value.items()
                if k not in ("actions", "phase_moves")}
    if isinstance(value, list):
        return [without_actions(v) for v in value]
    return value
