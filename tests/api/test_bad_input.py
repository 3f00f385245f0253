"""Malformed, mistyped, oversized and hostile input: refused with the one error shape and
changing nothing; and text in every UN script kept exactly (after NFC)."""

# ruff: noqa: RUF001  (Arabic, Chinese and Cyrillic letters are what these tests are about)

from __future__ import annotations

import itertools
import json
import unicodedata
from datetime import timedelta
from typing import Any

import pytest

from tests.support.clock import Clock
from tests.support.driver import As, Driver, Reply, anonymous, assert_error
from tests.support.views import without_actions
from tests.support.worlds import World, snapshot

OP1_TEXT = "We commit to cooperate on safe and dignified return [and regional] frameworks."
MAX_BODY = 1_000_000


def post_raw(person: As, path: str, raw: bytes, method: str = "POST",
             content_type: str = "application/json") -> Reply:
    return person.call(method, path, raw=raw, content_type=content_type)


def outcome(reply: Reply) -> str:
    """A short description of a reply for the list of problems a test collects."""
    code = reply.body["error"]["code"] if isinstance(reply.body, dict) and \
        "error" in reply.body else ""
    return f"{reply.status} {code}".strip()


def field_error(reply: Reply, field: str, kind: str | None = None) -> dict[str, Any]:
    error = assert_error(reply, 422, "invalid")
    fields = error["details"]["fields"]
    assert isinstance(fields, list) and fields, error
    for entry in fields:
        assert set(entry) == {"field", "problem", "type"}, entry
    found = [e for e in fields if e["field"] == field]
    assert found, (field, fields)
    if kind is not None:
        assert found[0]["type"] == kind, found
    return found[0]


# ---- malformed bodies, wrong content types, wrong shapes ---------------------------------


def test_malformed_json_wrong_content_type_and_wrong_shapes(world: World, api: Driver) -> None:
    cofac, mex = world["cofac"], world["mex"]
    targets = [
        (mex, "POST", f"{world.p}/amendments"),
        (cofac, "PATCH", f"{world.d}/working-copy/units/op1"),
        (cofac, "POST", f"{world.d}/revisions"),
        (cofac, "POST", f"{world.p}/phase"),
        (cofac, "POST", f"{world.p}/participants"),
        (cofac, "POST", f"{world.p}/silence"),
        (mex, "POST", "/auth/tokens"),
    ]
    before = snapshot(world)
    malformed = [b'{"revision_id": 1,', b"{'revision_id': 1}", b"", b"   ", b"{} trailing",
                 b'{"a": 1}}', b"\xff\xfe", b'{"text": "unterminated}', b"nul\x00",
                 b'\xef\xbb\xbf{"phase": "concluded"}', b"[" * 300_000 + b"]" * 300_000,
                 '{"phase": "concluded"}'.encode("utf-16")]
    for person, method, path in targets:
        for raw in malformed:
            assert_error(post_raw(person, path, raw, method), 400, "bad_request")
        for content_type in ("text/plain", "application/x-www-form-urlencoded",
                             "multipart/form-data; boundary=x", "application/xml"):
            reply = post_raw(person, path, b'{"phase": "concluded"}', method, content_type)
            assert_error(reply, 415, "unsupported_media_type")
        for shape in (b"[]", b'[{"phase": "concluded"}]', b'"concluded"', b"42", b"null",
                      b"true"):
            error = field_error(post_raw(person, path, shape, method), "(body)", "model_type")
            assert "object" in error["problem"]
    assert_error(post_raw(anonymous(api), "/auth/login", b'{"email": "x@y.z",'), 400,
                 "bad_request")
    assert_error(post_raw(anonymous(api), "/auth/login", b'email=x', "POST",
                          "application/x-www-form-urlencoded"), 415, "unsupported_media_type")
    assert snapshot(world) == before


def test_wrong_types_are_not_coerced_and_unknown_fields_are_refused(world: World) -> None:
    cofac, mex = world["cofac"], world["mex"]
    amendments = f"{world.p}/amendments"
    unit = f"{world.d}/working-copy/units/op1"
    good = {"revision_id": world.revision_id, "unit": "op1", "kind": "change_words",
            "text": "We commit to cooperate on return."}
    before = snapshot(world)
    cases: list[tuple[As, str, str, dict[str, Any], str, str]] = [
        (cofac, "PATCH", unit, {"base_version": "1", "text": "x"}, "base_version", "int_type"),
        (cofac, "PATCH", unit, {"base_version": True, "text": "x"}, "base_version", "int_type"),
        (cofac, "PATCH", unit, {"base_version": 1.0, "text": "x"}, "base_version", "int_type"),
        (cofac, "PATCH", unit, {"base_version": None, "text": "x"}, "base_version", "int_type"),
        (cofac, "PATCH", unit, {"base_version": [1], "text": "x"}, "base_version", "int_type"),
        (cofac, "PATCH", unit, {"base_version": 0, "text": "x"}, "base_version",
         "greater_than_equal"),
        (cofac, "PATCH", unit, {"base_version": -1, "text": "x"}, "base_version",
         "greater_than_equal"),
        (cofac, "PATCH", unit, {"base_version": 1, "text": 5}, "text", "string_type"),
        (cofac, "PATCH", unit, {"base_version": 1, "text": ["x"]}, "text", "string_type"),
        (cofac, "PATCH", unit, {"base_version": 1, "status": "agreed"}, "status", "enum"),
        (cofac, "PATCH", unit, {"base_version": 1, "text": "x", "color": "green"}, "color",
         "extra_forbidden"),
        (mex, "POST", amendments, {**good, "revision_id": str(world.revision_id)},
         "revision_id", "int_type"),
        (mex, "POST", amendments, {**good, "revision_id": True}, "revision_id", "int_type"),
        (mex, "POST", amendments, {**good, "revision_id": 0}, "revision_id",
         "greater_than_equal"),
        (mex, "POST", amendments, {**good, "text": 12}, "text", "string_type"),
        (mex, "POST", amendments, {**good, "submit": "true"}, "submit", "bool_type"),
        (mex, "POST", amendments, {**good, "submit": 1}, "submit", "bool_type"),
        (mex, "POST", amendments, {**good, "kind": "insert_words"}, "kind", "enum"),
        (mex, "POST", amendments, {**good, "unit": "op 1"}, "unit", "string_pattern_mismatch"),
        (mex, "POST", amendments, {**good, "co_proponents": "CHE"}, "co_proponents",
         "list_type"),
        (mex, "POST", amendments, {**good, "co_proponents": ["che"]}, "co_proponents.0",
         "string_pattern_mismatch"),
        (mex, "POST", amendments, {**good, "delegation": "CHE"}, "delegation",
         "extra_forbidden"),
        (mex, "POST", amendments, {**good, "state": "reflected"}, "state", "extra_forbidden"),
        (mex, "POST", amendments, {k: v for k, v in good.items() if k != "unit"}, "unit",
         "missing"),
        (cofac, "POST", f"{world.p}/phase", {"phase": "Concluded"}, "phase", "enum"),
        (cofac, "POST", f"{world.p}/phase", {"phase": "concluded", "reason": 10}, "reason",
         "string_type"),
        (cofac, "POST", f"{world.p}/participants",
         {"email": "a@b.c", "name": "A", "role": "observer", "focal_point": "no"},
         "focal_point", "bool_type"),
        (cofac, "POST", f"{world.p}/participants",
         {"email": "not-an-email", "name": "A", "role": "observer"}, "email",
         "string_pattern_mismatch"),
        # Nobody chooses another person's password: the field does not exist.
        (cofac, "POST", f"{world.p}/participants",
         {"email": "a@b.c", "name": "A", "role": "observer", "password": "long enough 1"},
         "password", "extra_forbidden"),
        (cofac, "POST", f"{world.p}/silence",
         {"revision_id": world.revision_id, "deadline": 1893456000}, "deadline",
         "datetime_type"),
        (cofac, "POST", f"{world.p}/silence",
         {"revision_id": world.revision_id, "deadline": "next Tuesday"}, "deadline",
         "datetime_parsing"),
        (world["che"], "PUT", "/amendments/1/stance", {"stance": "abstain"}, "stance", "enum"),
        (world["che"], "PUT", "/amendments/1/stance", {}, "stance", "missing"),
        (cofac, "POST", f"{world.d}/revisions", {"base_version": 1, "label": ""}, "label",
         "string_too_short"),
        (cofac, "POST", f"{world.d}/working-copy/units",
         {"base_version": 1, "unit": {"kind": "paragraph", "text": "x", "extra": 1}},
         "unit.extra", "extra_forbidden"),
    ]
    for person, method, path, body, field, kind in cases:
        reply = person.call(method, path, body)
        field_error(reply, field, kind)
    # Query strings: converted from text, but still checked.
    for query, field, kind in (({"limit": "0"}, "limit", "greater_than_equal"),
                               ({"limit": "1001"}, "limit", "less_than_equal"),
                               ({"limit": "ten"}, "limit", "int_parsing"),
                               ({"after_id": "-1"}, "after_id", "greater_than_equal"),
                               ({"state": "open"}, "state", "enum"),
                               ({"kind": "bogus"}, "kind", "enum"),
                               ({"delegation": "mex"}, "delegation", "string_pattern_mismatch"),
                               ({"sort": "id"}, "sort", "extra_forbidden")):
        field_error(mex.get(amendments, **query), field, kind)
    field_error(mex.get(f"{world.d}/diff", to="1"), "from", "missing")
    field_error(mex.get(f"{world.d}/diff", **{"from": "x", "to": "1"}), "from", "int_parsing")
    field_error(mex.get(f"{world.d}/diff", **{"from": "0", "to": "0", "changed_only": "maybe"}),
                "changed_only", "bool_parsing")
    field_error(cofac.get(f"{world.p}/log", limit="0"), "limit", "greater_than_equal")
    assert snapshot(world) == before


# ---- size limits -------------------------------------------------------------------------


def test_oversize_bodies_and_overlong_text(world: World) -> None:
    mex, cofac = world["mex"], world["cofac"]
    before = snapshot(world)
    body = json.dumps({"revision_id": world.revision_id, "unit": "op1", "kind": "retain",
                       "justification": "x" * MAX_BODY}).encode()
    assert len(body) > MAX_BODY
    error = assert_error(post_raw(mex, f"{world.p}/amendments", body), 413, "too_large")
    assert "1000000" in error["message"]
    assert_error(post_raw(cofac, f"{world.d}/working-copy/units/op1",
                          b'{"base_version": 1, "text": "' + b"y" * 2_000_000 + b'"}', "PATCH"),
                 413, "too_large")
    # Not JSON and too large: still refused without reading it.
    reply = post_raw(mex, f"{world.p}/amendments", b"z" * (MAX_BODY + 10))
    assert reply.status in (400, 413), reply.body
    assert reply.body["error"]["code"] in ("bad_request", "too_large")

    over = {"revision_id": world.revision_id, "unit": "op1", "kind": "change_words",
            "text": "w" * 20_001, "submit": True}
    field_error(mex.post(f"{world.p}/amendments", over), "text", "string_too_long")
    # The limit counts characters, not bytes nor UTF-16 units.
    field_error(mex.post(f"{world.p}/amendments", {**over, "text": "𠀀" * 20_001}), "text",
                "string_too_long")
    field_error(cofac.patch(f"{world.d}/working-copy/units/op1",
                            {"base_version": 1, "text": "w" * 20_001}), "text",
                "string_too_long")
    field_error(mex.post(f"{world.p}/amendments", {
        "revision_id": world.revision_id, "unit": "op1", "kind": "reservation",
        "justification": "j" * 5_001}), "justification", "string_too_long")
    field_error(mex.post("/auth/tokens", {"name": "n" * 301}), "name", "string_too_long")
    assert snapshot(world) == before

    at_limit = mex.ok("POST", f"{world.p}/amendments", {**over, "text": "𠀀" * 20_000},
                      status=201)
    assert at_limit["text"] == "𠀀" * 20_000
    assert "".join(s["text"] for s in at_limit["diff"] if s["op"] != "delete") == "𠀀" * 20_000
    plain = mex.ok("POST", f"{world.p}/amendments", {**over, "unit": "op2",
                                                     "text": "w" * 20_000}, status=201)
    assert len(plain["text"]) == 20_000


def test_names_and_labels_at_their_documented_maximum_are_stored_or_refused_cleanly(
        world: World) -> None:
    """The schema accepts names of 300 characters and labels of 300; the database columns
    are narrower (labels 80, user names 200, delegation names 200, token names 100). The
    request must then be accepted whole or refused with 422, never fail with a 500."""
    cofac = world["cofac"]
    cofac.ok("PATCH", f"{world.d}/working-copy/units/op2",
             {"base_version": 1, "text": "We further commit to review progress."})
    long = "N" * 300
    cases = [
        ("revision label", cofac.post(f"{world.d}/revisions",
                                      {"base_version": 2, "label": "L" * 300}),
         lambda body: body["revision"]["label"], "L" * 300),
        ("participant name", cofac.post(f"{world.p}/participants", {
            "email": "long@accord.example", "name": long, "role": "observer"}),
         lambda body: body["name"], long),
        ("delegation name", cofac.post(f"{world.p}/delegations", {
            "code": "LONG", "name": long, "kind": "state"}), lambda body: body["name"], long),
        ("token name", cofac.post("/auth/tokens", {"name": long}), lambda body: body["name"],
         long),
    ]
    problems = []
    for what, reply, read, expected in cases:
        if reply.status == 422 and reply.body["error"]["code"] == "invalid":
            continue
        if reply.status in (200, 201) and read(reply.body) == expected:
            continue
        problems.append(f"{what}: {outcome(reply)}")
    assert not problems, problems


# ---- ids out of range --------------------------------------------------------------------


@pytest.mark.parametrize("missing", [2**31, 2**63, 10**30], ids=["2^31", "2^63", "10^30"])
def test_ids_beyond_the_database_integer_range_are_not_found(world: World,
                                                             missing: int) -> None:
    mex, cofac = world["mex"], world["cofac"]
    before = snapshot(world)
    problems = []
    for person, method, path, body in [
            (mex, "GET", f"/processes/{missing}", None),
            (mex, "GET", f"/processes/{missing}/amendments", None),
            (mex, "GET", f"/amendments/{missing}", None),
            (mex, "POST", f"/amendments/{missing}/submit", {"base_version": 1}),
            (mex, "GET", f"/documents/{missing}", None),
            (mex, "GET", f"{world.d}/revisions/{missing}", None),
            (mex, "GET", f"/silence/{missing}", None),
            (mex, "POST", f"/silence/{missing}/break", {"reason": "We object to it."}),
            (cofac, "POST", f"/documents/{missing}/revisions", {"base_version": 1})]:
        reply = person.call(method, path, body)
        if reply.status != 404:
            problems.append(f"{method} {path}: {outcome(reply)}")
        else:
            assert_error(reply, 404, "not_found")
    assert not problems, problems
    assert snapshot(world) == before


def test_large_numbers_in_bodies_and_queries_are_answered_cleanly(world: World) -> None:
    mex, cofac = world["mex"], world["cofac"]
    before = snapshot(world)
    problems = []
    # Within the documented ranges (ids up to 2^31 - 1, versions up to 2^31 - 2: the
    # database's 32-bit integers).
    reply = mex.post(f"{world.p}/amendments", {"revision_id": 2**31 - 1, "unit": "op1",
                                               "kind": "retain"})
    if reply.status != 404:
        problems.append(f"revision_id 2^31-1: {outcome(reply)}")
    reply = cofac.patch(f"{world.d}/working-copy/units/op1", {"base_version": 2**31 - 2,
                                                              "text": "Stale."})
    if reply.status != 409:
        problems.append(f"base_version 2^31-2: {outcome(reply)}")
    else:
        assert reply.body["error"]["details"]["current"]["version"] == 1
    field_error(cofac.patch(f"{world.d}/working-copy/units/op1",
                            {"base_version": 2**31 - 1, "text": "x"}), "base_version",
                "less_than_equal")
    field_error(mex.post(f"{world.p}/amendments", {"revision_id": 2**31, "unit": "op1",
                                                   "kind": "retain"}), "revision_id",
                "less_than_equal")
    # Query numbers without an upper bound: either refused (422) or nothing found.
    for person, path, query in [(mex, f"{world.p}/amendments", {"after_id": 10**30}),
                                (mex, f"{world.p}/amendments", {"after_id": 2**31}),
                                (mex, f"{world.p}/amendments", {"document": 10**30}),
                                (mex, f"{world.p}/amendments", {"document": 2**31}),
                                (cofac, f"{world.p}/log", {"after_seq": 10**30}),
                                (cofac, f"{world.p}/log", {"after_seq": 2**31}),
                                (mex, f"{world.d}/diff", {"from": 0, "to": 10**30}),
                                (mex, f"{world.d}/diff", {"from": 0, "to": 2**31})]:
        reply = person.get(path, **query)
        if "/diff" in path:
            fine = reply.status in (404, 422)
        else:
            fine = (reply.status == 200 and reply.body == []) or reply.status == 422
        if not fine:
            problems.append(f"GET {path} {query}: {outcome(reply)}")
    assert snapshot(world) == before
    # A deadline at the far end of the calendar: accepted or refused, never a 500.
    far = cofac.post(f"{world.p}/silence", {"revision_id": world.revision_id,
                                            "deadline": "9999-12-31T23:59:59-12:00"})
    if far.status not in (201, 422):
        problems.append(f"silence deadline 9999-12-31T23:59:59-12:00: {outcome(far)}")
    assert not problems, problems


# ---- control characters and lone surrogates ----------------------------------------------


CONTROLS = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\x9f"]


def test_control_characters_are_refused_in_every_text_field(world: World,
                                                            clock: Clock) -> None:
    mex, cofac = world["mex"], world["cofac"]
    silence = cofac.ok("POST", f"{world.p}/silence", {
        "revision_id": world.revision_id,
        "deadline": (clock.now + timedelta(hours=80)).isoformat()}, status=201)
    draft = world.propose("mex", unit="op2", text="We further commit.", submit=False)
    before = snapshot(world)

    def targets(bad: str) -> list[tuple[As, str, str, dict[str, Any], str]]:
        text = f"Safe{bad}return"
        return [
            (mex, "POST", f"{world.p}/amendments",
             {"revision_id": world.revision_id, "unit": "op1", "kind": "change_words",
              "text": text}, "text"),
            (mex, "POST", f"{world.p}/amendments",
             {"revision_id": world.revision_id, "unit": "op1", "kind": "reservation",
              "justification": text}, "justification"),
            (mex, "PATCH", f"/amendments/{draft['id']}",
             {"base_version": draft["version"], "text": text}, "text"),
            (cofac, "PATCH", f"{world.d}/working-copy/units/op1",
             {"base_version": 1, "text": text}, "text"),
            (cofac, "PATCH", f"{world.d}/working-copy/units/obj1",
             {"base_version": 1, "heading": text}, "heading"),
            (cofac, "PATCH", f"{world.d}/working-copy/units/op1",
             {"base_version": 1, "number": f"2{bad}bis"}, "number"),
            (cofac, "POST", f"{world.d}/working-copy/units",
             {"base_version": 1, "after": "op1",
              "unit": {"kind": "paragraph", "parent": "obj1", "text": text}}, "unit.text"),
            (cofac, "POST", f"{world.p}/phase",
             {"phase": "stocktaking", "reason": f"A reason{bad} long enough"}, "reason"),
            (mex, "POST", f"/silence/{silence['id']}/break", {"reason": text}, "reason"),
            (mex, "POST", "/auth/tokens", {"name": text}, "name"),
            (cofac, "POST", f"{world.p}/delegations",
             {"code": "XYZ", "name": text, "kind": "state"}, "name"),
            (cofac, "POST", f"{world.p}/participants",
             {"email": "new@accord.example", "name": text, "role": "observer"}, "name"),
            (cofac, "POST", f"{world.d}/revisions", {"base_version": 1, "label": text},
             "label"),
            (cofac, "POST", f"{world.p}/documents",
             {"title": text, "units": [{"kind": "paragraph", "text": "x"}]}, "title"),
        ]

    for bad in CONTROLS:
        for person, method, path, body, field in targets(bad):
            entry = field_error(person.call(method, path, body), field, "value_error")
            assert f"U+{ord(bad):04X}" in entry["problem"], (bad, path, entry)
            # The refused character is named, never echoed.
            assert bad not in json.dumps(entry, ensure_ascii=False)
    assert snapshot(world) == before

    # Tab and newline are text; CR LF and CR become LF.
    kept = cofac.ok("PATCH", f"{world.d}/working-copy/units/op1",
                    {"base_version": 1, "text": "Line one,\r\nline\ttwo\rline three\n"})
    assert next(u for u in kept["units"] if u["key"] == "op1")["text"] == \
        "Line one,\nline\ttwo\nline three\n"


def test_nul_in_identifiers_and_e_mail_addresses_is_refused_not_a_server_error(
        world: World, api: Driver) -> None:
    """Fields without the text checks (e-mail addresses, cluster keys) must refuse NUL too:
    PostgreSQL cannot store or even compare a string holding NUL (psycopg raises)."""
    mex, cofac = world["mex"], world["cofac"]
    before = snapshot(world)
    cases: list[tuple[str, Reply, tuple[int, ...]]] = [
        ("participant e-mail", cofac.post(f"{world.p}/participants", {
            "email": "a\x00b@accord.example", "name": "Nul", "role": "observer"}), (422,)),
        ("amendment cluster", mex.post(f"{world.p}/amendments", {
            "revision_id": world.revision_id, "unit": "op1", "kind": "retain",
            "cluster": "rights\x00"}), (422,)),
        ("inputs ?cluster=", mex.get(f"{world.p}/inputs", cluster="rights\x00"), (422,)),
        ("login e-mail", anonymous(api).post("/auth/login", {
            "email": "mex\x00@accord.example", "password": "correct horse 1"}), (401, 422)),
        ("token revocation", mex.post("/auth/tokens/revoke", {"token": "acc_\x00"}),
         (404, 422)),
    ]
    problems = [f"{what}: {outcome(reply)}" for what, reply, allowed in cases
                if reply.status not in allowed]
    assert not problems, problems
    assert snapshot(world) == before


LONE_SURROGATES = ["\\ud800", "\\udfff", "a\\udc00b", "\\udc00\\ud800", "end\\ud83c"]


def test_lone_surrogates_are_invalid_input_not_malformed_json(world: World,
                                                              api: Driver) -> None:
    """``"\\ud800"`` is a well-formed JSON string escape whose value is not Unicode text:
    422 naming the field (the schemas' text check), not 400, and never a 500."""
    mex, cofac = world["mex"], world["cofac"]
    before = snapshot(world)
    problems = []
    for escape in LONE_SURROGATES:
        cases = [
            (mex, "POST", f"{world.p}/amendments",
             f'{{"revision_id": {world.revision_id}, "unit": "op1", "kind": "change_words", '
             f'"text": "x{escape}y"}}', "text"),
            (cofac, "PATCH", f"{world.d}/working-copy/units/op1",
             f'{{"base_version": 1, "text": "{escape}"}}', "text"),
            (cofac, "POST", f"{world.p}/phase",
             f'{{"phase": "stocktaking", "reason": "Because of {escape}, really."}}', "reason"),
            (mex, "POST", "/auth/tokens", f'{{"name": "{escape}"}}', "name"),
        ]
        for person, method, path, raw, field in cases:
            reply = post_raw(person, path, raw.encode("ascii"), method)
            if reply.status != 422:
                problems.append(f"{field} {escape}: {outcome(reply)}")
            else:
                field_error(reply, field)
        login = post_raw(anonymous(api), "/auth/login",
                         (f'{{"email": "mex{escape}@accord.example", '
                          '"password": "correct horse 1"}').encode("ascii"))
        if login.status not in (401, 422):
            problems.append(f"login e-mail {escape}: {outcome(login)}")
    assert snapshot(world) == before
    # A proper pair of escapes is one character outside the BMP.
    paired = post_raw(mex, f"{world.p}/amendments", (
        f'{{"revision_id": {world.revision_id}, "unit": "op1", "kind": "change_words", '
        '"submit": true, "text": "Safe return \\ud83c\\udf0d \\ud840\\udc00"}').encode())
    assert paired.status == 201, paired.body
    assert paired.body["text"] == "Safe return 🌍 𠀀"
    assert not problems, problems


# ---- every UN script ---------------------------------------------------------------------


SCRIPTS = {
    "ar": "نلتزم بالتعاون على ضمان العودة الآمنة والكريمة [والإقليمية] \u200fللمهاجرين، "
          "مُحَمَّدٌ وَالْمُهَاجِرُونَ.",
    "zh": "我们承诺在安全和有尊严的返回方面开展合作〔和区域〕框架。𠀀𠀁𪜀",
    "en": "We commit to cooperate on safe, dignified and sustainable return [and regional] "
          "frameworks.",
    "fr": "Nous nous engageons à coopérer en vue d'un retour sûr et digne — l'Accord "
          "« cadre » élaboré.",
    "ru": "Мы обязуемся сотрудничать в обеспечении безопасного и достойного возвращения.",
    "es": "Nos comprometemos a cooperar en un retorno seguro y digno, según la Convención.",
    "mixed": "Parties 🌍🇺🇳👩🏽\u200d⚕️ shall [enhance] الاتفاق / 协定 / Соглашение / "
             "développement (a) 1.5 °C",
}
#: Decomposed input (NFD) is stored composed (NFC).
DECOMPOSED = unicodedata.normalize("NFD", "Développement durable, según la Convención; "
                                          "Ёлка; café")


def spans_rebuild(spans: list[dict[str, str]]) -> tuple[str, str]:
    assert all(s["op"] in ("equal", "insert", "delete") and s["text"] for s in spans), spans
    for left, right in itertools.pairwise(spans):
        assert left["op"] != right["op"], spans
    old = "".join(s["text"] for s in spans if s["op"] != "insert")
    new = "".join(s["text"] for s in spans if s["op"] != "delete")
    return old, new


@pytest.mark.parametrize("ascii_escapes", [False, True], ids=["utf8", "escaped"])
def test_text_in_the_six_un_scripts_is_kept_exactly(world: World,
                                                    ascii_escapes: bool) -> None:
    mex, cofac = world["mex"], world["cofac"]
    texts = {**SCRIPTS, "nfd": DECOMPOSED}

    def send(person: As, method: str, path: str, body: dict[str, Any]) -> Reply:
        raw = json.dumps(body, ensure_ascii=ascii_escapes).encode("utf-8")
        return person.call(method, path, raw=raw)

    # Amendments: text and justification, and the diff against the base.
    proposed: dict[str, dict[str, Any]] = {}
    for name, text in texts.items():
        reply = send(mex, "POST", f"{world.p}/amendments", {
            "revision_id": world.revision_id, "unit": "op1", "kind": "change_words",
            "text": text, "justification": text, "submit": True})
        assert reply.status == 201, (name, reply.body)
        expected = unicodedata.normalize("NFC", text)
        assert reply.body["text"] == expected, name
        assert reply.body["justification"] == expected, name
        assert spans_rebuild(reply.body["diff"]) == (OP1_TEXT, expected), name
        proposed[name] = reply.body
    assert proposed["nfd"]["text"] != DECOMPOSED
    assert "é" in proposed["nfd"]["text"] and "\u0301" not in proposed["nfd"]["text"]
    listed = {a["id"]: a for a in world["che"].ok("GET", f"{world.p}/amendments")}
    for name, body in proposed.items():
        assert without_actions(listed[body["id"]]) == without_actions(body), name
        assert without_actions(world["cofac"].ok("GET", f"/amendments/{body['id']}")) == \
            without_actions(body)

    # Units of the working copy, published, and diffed between revisions.
    order = ["pp1", "op1", "op1a", "op2"]
    version = 1
    for key, name in zip(order, ["ar", "zh", "ru", "mixed"], strict=True):
        reply = send(cofac, "PATCH", f"{world.d}/working-copy/units/{key}",
                     {"base_version": version, "text": texts[name]})
        assert reply.status == 200, reply.body
        version = reply.body["version"]
    heading = send(cofac, "PATCH", f"{world.d}/working-copy/units/obj1",
                   {"base_version": version, "heading": "الهدف ١: العودة — 目标一 — Цель 1"})
    assert heading.status == 200, heading.body
    version = heading.body["version"]
    published = cofac.ok("POST", f"{world.d}/revisions", {"base_version": version,
                                                          "label": "Rév.1 — 第一修订"},
                         status=201)
    assert published["revision"]["label"] == "Rév.1 — 第一修订"
    rev1 = {u["key"]: u for u in world["obs"].ok("GET", f"{world.d}/revisions/1")["units"]}
    rev0 = {u["key"]: u for u in world["obs"].ok("GET", f"{world.d}/revisions/0")["units"]}
    for key, name in zip(order, ["ar", "zh", "ru", "mixed"], strict=True):
        assert rev1[key]["text"] == unicodedata.normalize("NFC", texts[name]), key
    assert rev1["obj1"]["heading"] == "الهدف ١: العودة — 目标一 — Цель 1"
    diff = world["mex"].get(f"{world.d}/diff", **{"from": 0, "to": 1})
    assert diff.status == 200
    for unit in diff.body["units"]:
        key = unit["key"]
        old = rev0[key]["text"] or rev0[key]["heading"]
        new = rev1[key]["text"] or rev1[key]["heading"]
        assert spans_rebuild(unit["spans"]) == (old, new), key
    assert diff.body["counts"]["edited"] == 5

    # Consultation inputs.
    world.set_phase("consultation")
    for name, text in texts.items():
        reply = send(world["nga"], "POST", f"{world.p}/inputs", {
            "cluster": "rights", "kind": "statement", "title": text[:300], "body": text})
        assert reply.status == 201, (name, reply.body)
        assert reply.body["body"] == unicodedata.normalize("NFC", text), name
        assert reply.body["title"] == unicodedata.normalize("NFC", text[:300]).strip(), name
    bodies = [i["body"] for i in world["obs"].ok("GET", f"{world.p}/inputs")]
    assert bodies == [unicodedata.normalize("NFC", t) for t in texts.values()]
