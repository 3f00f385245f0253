"""Request and response models: consultation inputs and summaries."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import StringConstraints

from server.web.schemas import (
    Body,
    Input,
    Name,
    Output,
    Query,
)


class InputIn(Input):
    cluster: Annotated[str, StringConstraints(max_length=60)]
    kind: Literal["written_contribution", "statement"]
    title: Name
    body: Body


class InputOut(Output):
    id: int
    cluster: str
    kind: str
    author_id: int
    delegation: str | None
    title: str
    body: str
    created_at: datetime


class InputQuery(Query):
    cluster: Annotated[str, StringConstraints(max_length=60)] | None = None


class SummaryIn(Input):
    kind: Literal["session", "stocktaking"]
    cluster: Annotated[str, StringConstraints(max_length=60)] | None = None
    title: Name
    body: Body


class SummaryOut(Output):
    id: int
    kind: str
    cluster: str | None
    author_id: int
    title: str
    body: str
    created_at: datetime


class ClusterAddIn(Input):
    """A thematic cluster: its name, and its key (made from the name when not given)."""

    name: Name
    key: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,60}$")] | None = None


class ClusterRenameIn(Input):
    name: Name

