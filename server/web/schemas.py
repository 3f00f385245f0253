"""The API's shared model bases and field types; each feature has its own models."""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
)

from server.core.amendments import (
    MAX_JUSTIFICATION_LENGTH,
    MAX_TEXT_LENGTH,
)

_ALLOWED_CONTROLS = {"\n", "\t"}
#: Anything :func:`clean_text` refuses or changes (Cc but newline and tab; CR; surrogates):
#: text without any (nearly all) skips the loop, which takes 0.2 s for a 1 MB upload.
_SUSPECT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def clean_text(value: str) -> str:
    """Text from users: valid Unicode (no lone surrogates), no control characters other than
    newline and tab, normalised to NFC so that diffs compare like with like."""
    for index, char in enumerate(value if _SUSPECT.search(value) else ""):
        if 0xD800 <= ord(char) <= 0xDFFF:
            raise ValueError(f"contains an unpaired surrogate at position {index}")
        if unicodedata.category(char) == "Cc" and char not in _ALLOWED_CONTROLS:
            if char == "\r":
                continue
            raise ValueError(f"contains the control character U+{ord(char):04X} at "
                             f"position {index}")
    return unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    return value


Text = Annotated[str, AfterValidator(clean_text)]
# The maximum lengths are the columns' (server/models).
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300),
                 AfterValidator(clean_text), AfterValidator(_not_blank)]
PersonName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                              max_length=200),
                       AfterValidator(clean_text), AfterValidator(_not_blank)]
Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80),
                  AfterValidator(clean_text), AfterValidator(_not_blank)]
TokenName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                             max_length=100),
                      AfterValidator(clean_text), AfterValidator(_not_blank)]
LongText = Annotated[str, StringConstraints(max_length=MAX_TEXT_LENGTH),
                     AfterValidator(clean_text)]
Body = Annotated[str, StringConstraints(min_length=1, max_length=50_000),
                 AfterValidator(clean_text), AfterValidator(_not_blank)]
Justification = Annotated[str, StringConstraints(max_length=MAX_JUSTIFICATION_LENGTH),
                          AfterValidator(clean_text)]
#: No white space or control characters anywhere (\s does not cover NUL).
Email = Annotated[str, StringConstraints(
    pattern=r"^[^@\s\x00-\x1f\x7f]{1,64}@[^@\s\x00-\x1f\x7f]{1,189}$")]
Code = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9_]{2,40}$")]
Key = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{1,79}$")]
Number = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40),
                   AfterValidator(clean_text)]
#: Ids and versions are 32-bit integers in the database (PostgreSQL's integer).
MAX_ID = 2**31 - 1
Version = Annotated[int, Field(ge=1, le=MAX_ID - 1)]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Seq = Annotated[int, Field(ge=0, le=MAX_ID)]


def _no_controls(value: Any) -> Any:
    """Every string anywhere in a request is checked like text (NUL would crash PostgreSQL);
    it is returned unchanged (text fields normalise themselves)."""
    if isinstance(value, str):
        clean_text(value)
    elif isinstance(value, list):
        for item in value:
            _no_controls(item)
    return value


class Input(BaseModel):
    """Base of request models: unknown fields are errors, types are not coerced."""

    model_config = ConfigDict(extra="forbid", strict=True)

    @field_validator("*", mode="after")
    @classmethod
    def _clean_strings(cls, value: Any) -> Any:
        return _no_controls(value)


class Query(BaseModel):
    """Base of query-string models: values arrive as strings and are converted."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _clean_strings(cls, value: Any) -> Any:
        return _no_controls(value)


class Output(BaseModel):
    model_config = ConfigDict(from_attributes=True)

class VersionIn(Input):
    """The version the client worked from (a stale one is refused with 409)."""

    base_version: Version
