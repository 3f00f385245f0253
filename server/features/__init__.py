"""Accord's features, one folder each: routes (thin), schemas (its request and response
models), present (its serialisers), service (its use cases), and what else is its own."""

from __future__ import annotations

from flask import Blueprint


def blueprints() -> list[Blueprint]:
    """Every feature's blueprint, in the order the OpenAPI document lists them."""
    from server.features.amendments.routes import bp as amendments
    from server.features.auth.routes import bp as auth
    from server.features.catalogue.routes import bp as catalogue
    from server.features.coedit.routes import bp as coedit
    from server.features.consultation.routes import bp as consultation
    from server.features.dashboard.routes import bp as dashboard
    from server.features.engine.routes import bp as engine
    from server.features.files.routes import bp as files
    from server.features.history.routes import bp as history
    from server.features.inbox.routes import bp as inbox
    from server.features.markup.routes import bp as markup
    from server.features.people.routes import bp as people
    from server.features.processes.routes import bp as processes
    from server.features.search.routes import bp as search
    from server.features.silence.routes import bp as silence
    from server.features.text.routes import bp as text
    from server.features.translations.routes import bp as translations

    return [auth, catalogue, processes, people, consultation, text, coedit, amendments, engine,
            silence, history, dashboard, files, search, inbox, markup,
            translations]
