"""The writes benchmark's floor: the least a Flask + SQLAlchemy server can do per write.

A minimal Flask app served the way ``accord serve`` serves Accord (gevent's pywsgi with
TCP_NODELAY, one process, the standard library patched by gevent) on an engine made by
Accord's own ``server.db.make_engine`` (so SQLite runs in WAL mode with the same
``synchronous`` setting, the same writers' queue and BEGIN IMMEDIATE; PostgreSQL with the same
pool). Each ``POST /api/v1/processes/<id>/amendments``:

1. authenticates the bearer token as Accord does: one query for the person by the token's
   sha256, neither revoked nor expired (``server.features.auth.service.user_for_token``);
2. reads the JSON body and inserts one row with the SQLAlchemy ORM;
3. commits, and answers 201 with the row's id.

That is two statements in one transaction: what ``bench/writes.py`` compares Accord's
amendment submission with, measured in the same run.

    python -m bench.floor_app   (environment: FLOOR_DATABASE_URL, FLOOR_SQLITE_SYNCHRONOUS,
                                 ACCORD_HOST, ACCORD_PORT)

``prepare(url, count)`` creates the tables and ``count`` people with a token each (returned).
"""

from __future__ import annotations

import os

if __name__ == "__main__":
    # As server/__init__.py does under `accord serve`: before anything else is imported.
    from gevent import monkey

    monkey.patch_all()

import hashlib
import secrets
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask import Flask, g, jsonify, request
from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from server.db import make_engine, make_sessionmaker

READY = "Floor is serving on"


class Base(DeclarativeBase):
    pass


class FloorUser(Base):
    __tablename__ = "floor_users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))


class FloorToken(Base):
    __tablename__ = "floor_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("floor_users.id"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class FloorRow(Base):
    __tablename__ = "floor_rows"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    process_id: Mapped[int] = mapped_column(Integer)
    author_id: Mapped[int] = mapped_column(ForeignKey("floor_users.id"))
    unit: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def prepare(url: str, count: int) -> list[str]:
    """Create the floor's tables in ``url`` and ``count`` people with a bearer token each."""
    engine = make_engine(url)
    try:
        Base.metadata.create_all(engine)
        tokens = [secrets.token_urlsafe(32) for _ in range(count)]
        expires = datetime.now(UTC) + timedelta(days=1)
        with Session(engine) as session:
            users = [FloorUser(name=f"Delegate {i}") for i in range(count)]
            session.add_all(users)
            session.flush()
            session.add_all(FloorToken(user_id=user.id, token_hash=digest(token),
                                       expires_at=expires) for user, token in zip(users, tokens,
                                                                                  strict=True))
            session.commit()
        return tokens
    finally:
        engine.dispose()


def create_app(url: str, sqlite_synchronous: str = "FULL") -> Flask:
    app = Flask(__name__)
    engine = make_engine(url, sqlite_synchronous=sqlite_synchronous)
    sessions = make_sessionmaker(engine)

    def session() -> Session:
        if "db" not in g:
            g.db = sessions()
        found: Session = g.db
        return found

    @app.teardown_request
    def _close(_exc: BaseException | None) -> None:
        db = g.pop("db", None)
        if db is not None:
            db.close()

    def problem(status: int, code: str, message: str) -> Any:
        return jsonify({"error": {"code": code, "message": message}}), status

    @app.post("/api/v1/processes/<int:process_id>/amendments")
    def write(process_id: int) -> Any:
        header = request.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            return problem(401, "unauthenticated", "Sign in first.")
        db = session()
        user = db.scalars(select(FloorUser).join(FloorToken, FloorToken.user_id == FloorUser.id)
                          .where(FloorToken.token_hash == digest(header[7:]),
                                 FloorToken.revoked_at.is_(None),
                                 FloorToken.expires_at > datetime.now(UTC))).first()
        if user is None:
            return problem(401, "unauthenticated", "Sign in first.")
        body = request.get_json(silent=True)
        if not isinstance(body, dict) or not isinstance(body.get("text"), str) \
                or not isinstance(body.get("unit"), str):
            return problem(422, "invalid", "A unit and a text are needed.")
        row = FloorRow(process_id=process_id, author_id=user.id, unit=body["unit"],
                       text=body["text"], created_at=datetime.now(UTC))
        db.add(row)
        db.commit()
        return jsonify({"id": row.id, "unit": row.unit, "text": row.text}), 201

    @app.get("/api/v1/ready")
    def ready() -> Any:
        return jsonify({"ready": True})

    return app


def main() -> None:
    from gevent.pywsgi import WSGIServer

    from server.serve import NoDelayHandler

    host = os.environ.get("ACCORD_HOST", "127.0.0.1")
    port = int(os.environ["ACCORD_PORT"])
    app = create_app(os.environ["FLOOR_DATABASE_URL"],
                     os.environ.get("FLOOR_SQLITE_SYNCHRONOUS", "FULL"))
    server = WSGIServer((host, port), app, handler_class=NoDelayHandler, log=None, backlog=2048)
    print(f"{READY} http://{host}:{port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
