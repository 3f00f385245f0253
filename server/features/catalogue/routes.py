"""GET /catalogue: the codes of the API and the words for them."""

from __future__ import annotations

from flask import Blueprint, current_app

import server.features.catalogue.service as catalogue
from server.features.catalogue import schemas as s
from server.features.history.catalogue import english_many, render_sentence
from server.web.routing import endpoint

bp = Blueprint("catalogue", __name__)
TAG = "Catalogue"


@endpoint(bp, "/catalogue", "GET", summary="Every code the API uses, with its words", tag=TAG,
          response=s.CatalogueOut, auth=False)
def get_catalogue() -> s.CatalogueOut:
    """Live events (with who receives them), phases in order, statuses, amendment states and
    kinds (which carry a text), decisions and roles: what the browser shows for each code."""
    found = catalogue.catalogue(current_app.config["SILENCE_MIN_HOURS"])

    def labels(pairs: list[tuple[str, str]]) -> list[s.LabelOut]:
        return [s.LabelOut(code=code, label=label) for code, label in pairs]

    return s.CatalogueOut(
        events=[s.EventTypeOut(type=e.value, sentence=render_sentence(e.value),
                               many=english_many(e.value), audience=spec.audience)
                for e, spec in found.events],
        phases=labels(found.phases), unit_statuses=labels(found.unit_statuses),
        amendment_states=labels(found.amendment_states),
        amendment_kinds=[s.AmendmentKindOut(code=c, label=lbl, carries_text=t)
                         for c, lbl, t in found.amendment_kinds],
        decisions=labels(found.decisions), roles=labels(found.roles),
        carried_outcomes=labels(found.carried_outcomes), input_kinds=labels(found.input_kinds),
        summary_kinds=labels(found.summary_kinds),
        silence_minimum_hours=found.silence_minimum_hours)
