"""Search and amendment counts (issue 13, item 3), on SQLite's FTS5 and PostgreSQL's full-text
search alike (the ``world`` fixture runs each test on both).

Written as what people tried: nothing found a word across revisions, amendments, inputs or
summaries; nothing said how many amendments a paragraph carries.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.driver import As, Driver
from tests.support.worlds import Pen, World, build_world, open_process, publish_rev1

SAFE = "We commit to cooperate on safe and dignified return [and regional] frameworks."


@pytest.fixture
def talks(api: Driver) -> World:
    """The world with a consultation behind it (Mexico's input in Spanish, the stocktaking
    summary in French words), then in negotiation with Rev.1 published."""
    world = build_world(api, phase="stocktaking")
    world["mex"].ok("POST", f"{world.p}/inputs", {
        "cluster": "rights", "kind": "written_contribution",
        "title": "Posición de México",
        "body": "La regularización de los migrantes en situación irregular es prioritaria."},
        status=201)
    world["obs"].ok("POST", f"{world.p}/inputs", {
        "cluster": "drivers", "kind": "statement", "title": "Civil society statement",
        "body": "Climate change drives displacement."}, status=201)
    world["cofac"].ok("POST", f"{world.p}/summaries", {
        "kind": "stocktaking", "title": "Stocktaking summary",
        "body": "Delegations asked for la régularisation des migrants and for safe return."},
        status=201)
    world.set_phase("negotiation")
    return world


def search(person: As, world: World, q: str, **query: Any) -> dict[str, Any]:
    reply = person.get(f"{world.p}/search", q=q, **query)
    assert reply.status == 200, (q, reply.status, reply.body)
    found: dict[str, Any] = reply.body
    return found


def group(found: dict[str, Any], kind: str) -> dict[str, Any]:
    matching = [g for g in found["groups"] if g["kind"] == kind]
    assert matching, (kind, [g["kind"] for g in found["groups"]])
    result: dict[str, Any] = matching[0]
    return result


def titles(found: dict[str, Any], kind: str) -> list[str]:
    return [h["title"] for h in group(found, kind)["hits"]]


def marked(hit: dict[str, Any]) -> list[str]:
    return [p["text"] for p in hit["snippet"] if p["mark"]]


def test_a_delegate_finds_a_word_in_every_revision_named_as_the_text_numbers_it(
        talks: World) -> None:
    publish_rev1(talks)
    found = search(talks["mex"], talks, "dignified")
    paragraphs = group(found, "paragraph")
    # Rev.1 first (the newest), then the zero draft; each with the paragraph's name there.
    assert [h["title"] for h in paragraphs["hits"]] == ["Rev.1, OP2", "Zero draft, OP2"]
    newest = paragraphs["hits"][0]
    assert newest["revision"] == 1 and newest["unit"] == "op1"
    assert newest["href"] == f"#/p/{talks.process_id}/text/{talks.document_id}/1?unit=op1"
    assert marked(newest) == ["dignified"]
    # The snippet is the paragraph's own text, cut into pieces, never HTML.
    assert "".join(p["text"] for p in newest["snippet"]) == \
        "We commit to cooperate on safe, dignified and sustainable return."
    # A word only Rev.1 has is found in Rev.1 only; by revision, only there.
    assert titles(search(talks["mex"], talks, "reintegration"), "paragraph") == \
        ["Rev.1, OP2 bis"]
    assert titles(search(talks["mex"], talks, "dignified", revision=0), "paragraph") == \
        ["Zero draft, OP2"]


def test_amendments_inputs_and_summaries_are_found_with_who_and_where(talks: World) -> None:
    talks.propose("mex", unit="op2", text="We further commit to review progress on "
                  "reintegration every two years.", justification="Aligns with the SDGs.")
    found = search(talks["che"], talks, "reintegration")
    amendment = group(found, "amendment")["hits"][0]
    assert amendment["title"] == "Mexico: amendment to OP3 (Zero draft)"
    assert amendment["delegation"] == "Mexico" and amendment["state"] == "submitted"
    assert marked(amendment) == ["reintegration"]
    talks.propose("che", unit="op2", kind="add_unit",
                  text="We commit to ensure portability of pension rights.")
    new_paragraph = group(search(talks["mex"], talks, "portability"), "amendment")["hits"]
    assert [h["title"] for h in new_paragraph] == \
        ["Switzerland: new paragraph after OP3 (Zero draft)"]
    by_justification = group(search(talks["che"], talks, "SDGs"), "amendment")["hits"]
    assert [marked(h) for h in by_justification] == [["SDGs"]]
    inputs = group(search(talks["che"], talks, "displacement"), "input")["hits"]
    assert inputs[0]["title"] == "Civil society statement"
    assert inputs[0]["cluster"] == "Drivers of migration"
    assert inputs[0]["href"] == f"#/p/{talks.process_id}/consultation?cluster=drivers"
    summaries = group(search(talks["che"], talks, "return"), "summary")["hits"]
    assert [h["title"] for h in summaries] == ["Stocktaking summary"]


def test_accents_and_case_do_not_matter_in_either_direction(talks: World) -> None:
    mex = talks["mex"]
    spanish = group(search(mex, talks, "regularizacion"), "input")["hits"]
    assert [marked(h) for h in spanish] == [["regularización"]]
    assert group(search(mex, talks, "MIGRANTES"), "input")["count"] == 1
    french = group(search(mex, talks, "régularisation"), "summary")["hits"]
    assert [marked(h) for h in french] == [["régularisation"]]
    both = search(mex, talks, "regulari*")
    assert group(both, "input")["count"] == 1 and group(both, "summary")["count"] == 1


def test_phrases_prefixes_and_every_word(talks: World) -> None:
    mex = talks["mex"]
    assert titles(search(mex, talks, '"safe and dignified"'), "paragraph") == \
        ["Zero draft, OP2"]
    assert group(search(mex, talks, '"dignified and safe"'), "paragraph")["count"] == 0
    prefix = group(search(mex, talks, "frame*"), "paragraph")["hits"]
    assert [marked(h) for h in prefix] == [["frameworks"], ["frameworks"]]
    # Every word must be there: "bilateral" is in (a), "dignified" in OP2, none has both.
    assert group(search(mex, talks, "bilateral dignified"), "paragraph")["count"] == 0
    assert titles(search(mex, talks, "bilateral return"), "paragraph") == ["Zero draft, OP2(a)"]


def test_a_draft_amendment_is_found_by_its_own_delegation_only(talks: World) -> None:
    talks.propose("che", unit="op1", text="We commit to cooperate on a xylophone basis.",
                  submit=False)
    for who, count in [("che", 1), ("mex", 0), ("nga", 0), ("cofac", 0), ("sec", 0),
                       ("obs", 0)]:
        found = search(talks[who], talks, "xylophone")
        amendments = [g for g in found["groups"] if g["kind"] == "amendment"]
        assert sum(g["count"] for g in amendments) == count, who
        assert found["total"] == count, who


def test_observers_find_attributed_amendments_only_where_the_process_allows(
        api: Driver) -> None:
    closed = build_world(api)
    closed.propose("mex", unit="op1", text="We commit to cooperate on pelican return.")
    assert search(closed["obs"], closed, "pelican")["total"] == 0
    assert search(closed["che"], closed, "pelican")["total"] == 1
    opened = open_process(api, observers_see=("negotiation",))
    opened.propose("mex", unit="p1", text="Parties shall cooperate with pelicans.")
    found = search(opened["obs"], opened, "pelicans")
    assert group(found, "amendment")["hits"][0]["delegation"] == "Mexico"


def test_the_working_copy_is_found_by_those_who_may_see_it(talks: World) -> None:
    Pen(talks).edit("op2", text="We further commit to review the quokka every year.")
    cofac = search(talks["cofac"], talks, "quokka")
    assert titles(cofac, "paragraph") == ["Working copy, OP3"]
    assert group(cofac, "paragraph")["hits"][0]["href"] == \
        f"#/p/{talks.process_id}/working/{talks.document_id}"
    assert search(talks["mex"], talks, "quokka")["total"] == 0
    assert search(talks["obs"], talks, "quokka")["total"] == 0


def test_outsiders_learn_nothing(talks: World) -> None:
    reply = talks["outsider"].get(f"{talks.p}/search", q="return")
    assert reply.status == 404
    assert talks["mex"].get("/processes/999999/search", q="return").status == 404


@pytest.mark.parametrize("typed", [
    '"unclosed phrase', "*", "**", "mig*ration", "a*", '"', 'safe"return', "   ",
    " ".join(f"w{i}" for i in range(13)),
])
def test_what_cannot_be_searched_is_a_422_in_the_one_error_shape(talks: World,
                                                                typed: str) -> None:
    reply = talks["mex"].get(f"{talks.p}/search", q=typed)
    assert reply.status == 422, (typed, reply.status, reply.body)
    assert reply.body["error"]["code"] in {"invalid", "validation_failed"}, reply.body
    assert reply.body["error"]["message"]


@pytest.mark.parametrize("typed", [
    "NEAR(safe return)", "safe AND return", "safe OR return", "NOT return", "-return",
    "text:return", "^return", "return)", "(return", "return:*", "'return'", "{text}: safe",
    "safe + return", "return!", "\\return", "ret\u00adurn", "🙂 return",
])
def test_fts5_and_tsquery_syntax_is_read_as_words_never_a_500(talks: World,
                                                              typed: str) -> None:
    reply = talks["mex"].get(f"{talks.p}/search", q=typed)
    assert reply.status in {200, 422}, (typed, reply.status, reply.body)


def test_empty_and_oversized_queries_and_paging_without_a_kind(talks: World) -> None:
    mex = talks["mex"]
    assert mex.get(f"{talks.p}/search").status == 422
    assert mex.get(f"{talks.p}/search", q="x" * 201).status == 422
    assert mex.get(f"{talks.p}/search", q="return", offset=10).status == 422
    assert mex.get(f"{talks.p}/search", q="return", kind="everything").status == 422
    assert mex.get(f"{talks.p}/search", q="return", limit=0).status == 422


def test_pages_cover_every_hit_once(talks: World) -> None:
    pen = Pen(talks)
    for n in range(7):
        pen.insert("op2", key=f"extra{n}", kind="paragraph", parent="obj1",
                   number=f"{4 + n}", text=f"We commit to migration governance, item {n}.")
    pen.publish()
    mex = talks["mex"]
    first = group(search(mex, talks, "governance"), "paragraph")
    assert first["count"] == 7 and len(first["hits"]) == 7
    seen: list[int] = []
    offset: int | None = 0
    while offset is not None:
        page = group(search(mex, talks, "governance", kind="paragraph", limit=3,
                            offset=offset), "paragraph")
        assert page["count"] == 7
        seen += [h["id"] for h in page["hits"]]
        offset = page["next_offset"]
    assert sorted(seen) == sorted(h["id"] for h in first["hits"]) and len(set(seen)) == 7


def test_the_paragraph_most_about_the_words_ranks_first(talks: World) -> None:
    pen = Pen(talks)
    pen.insert("op2", key="long", kind="paragraph", parent="obj1", number="4",
               text="We commit to strengthen cooperation on many matters, including data, "
                    "borders, consular protection, labour mobility, skills, remittances, "
                    "diaspora engagement, and also, once, resettlement.")
    pen.insert("long", key="short", kind="paragraph", parent="obj1", number="5",
               text="Resettlement, resettlement and resettlement.")
    pen.publish()
    hits = group(search(talks["mex"], talks, "resettlement"), "paragraph")["hits"]
    assert [h["unit"] for h in hits] == ["short", "long"]


def test_paragraphs_show_how_many_amendments_each_person_may_see(talks: World) -> None:
    talks.propose("mex", unit="op1")
    talks.propose("mex", unit="op2", text="We further commit to review progress yearly.")
    talks.propose("che", unit="op1", text="We commit to cooperate on return.", submit=False)
    withdrawn = talks.propose("nga", unit="op1", text="We commit to return.")
    talks["nga"].ok("POST", f"/amendments/{withdrawn['id']}/withdraw",
                    {"base_version": withdrawn["version"]})

    def counts(who: str, **query: Any) -> dict[str, tuple[int, int]]:
        body = talks[who].ok("GET", f"{talks.d}/amendment-counts"
                             + ("?revision=0" if query.get("revision") == 0 else ""))
        return {u["unit"]: (u["amendments"], u["open"]) for u in body["units"]}

    assert counts("che", revision=0) == {"op1": (2, 2), "op2": (1, 1)}
    assert counts("mex", revision=0) == {"op1": (1, 1), "op2": (1, 1)}
    assert counts("obs", revision=0) == {}
    # The working copy carries the amendments made against the latest published revision.
    assert counts("cofac") == {"op1": (1, 1), "op2": (1, 1)}
    assert talks["mex"].get(f"{talks.d}/amendment-counts", revision=7).status == 404
    assert talks["outsider"].get(f"{talks.d}/amendment-counts").status == 404


def test_a_document_symbol_is_found_as_typed(talks: World) -> None:
    """PostgreSQL's parser keeps "A/RES/73/195" one token where SQLite's cuts it into words:
    both find it."""
    Pen(talks).edit("op2", text="Recalling resolution A/RES/73/195 of 19 December 2018.")
    hits = group(search(talks["cofac"], talks, "A/RES/73/195"), "paragraph")["hits"]
    assert [h["title"] for h in hits] == ["Working copy, OP3"]
    assert marked(hits[0]) == ["A/RES/73/195"]
    assert group(search(talks["cofac"], talks, '"resolution A/RES/73/195"'),
                 "paragraph")["count"] == 1
