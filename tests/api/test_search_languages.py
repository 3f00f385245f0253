# ruff: noqa: RUF001  (French, Arabic and Chinese text and punctuation, on purpose)
"""Search in each language (issue 14, item 3): the paragraphs as they read in French, Arabic,
Chinese... (a revision's language version, the working copy's translations), on SQLite and
PostgreSQL alike (the ``world`` fixture runs each test on both).

Written as what people tried: a delegate reading the French version found nothing when
searching it; an Arabic search missed words printed with harakat; a Chinese word inside a
sentence (no spaces) was never found. The texts are the project's own.
"""

from __future__ import annotations

import doctest
from typing import Any

import server.features.search.query as query_module
from tests.support.driver import As, assert_error
from tests.support.worlds import Pen, World, publish_rev1

FRENCH_OP1 = ("Nous nous engageons à coopérer en vue d’un retour sûr et digne "
              "[et régional] dans des cadres établis.")
FRENCH_PP1 = "Nous, chefs d’État et de gouvernement, affirmons notre résolution."
ARABIC_OP2 = "نَلْتَزِمُ كَذَلِكَ بِاسْتِعْرَاضِ التَّقَدُّمِ المُحْرَزِ كُلَّ أَرْبَعِ سَنَوَات."
CHINESE_OP1 = "我们承诺在安全和有尊严的返回方面开展合作。"


def enter(world: World, language: str, key: str, text: str, *, sequence: int | None = 0
          ) -> None:
    """The secretariat enters a paragraph's translation (``sequence`` None: the working copy)."""
    d = f"/documents/{world.document_id}"
    where = f"{d}/working-copy" if sequence is None else f"{d}/revisions/{sequence}"
    world["sec"].ok("PUT", f"{where}/languages/{language}/units/{key}", {"text": text})


def search(person: As, world: World, q: str, **query: Any) -> dict[str, Any]:
    reply = person.get(f"{world.p}/search", q=q, **query)
    assert reply.status == 200, (q, reply.status, reply.body)
    found: dict[str, Any] = reply.body
    return found


def hits(found: dict[str, Any]) -> list[dict[str, Any]]:
    """The paragraph hits: a search in a language lists nothing else."""
    assert [g["kind"] for g in found["groups"]] in ([], ["paragraph"]), found["groups"]
    return found["groups"][0]["hits"] if found["groups"] else []


def titles(found: dict[str, Any]) -> list[str]:
    return [h["title"] for h in hits(found)]


def marked(hit: dict[str, Any]) -> list[str]:
    return [p["text"] for p in hit["snippet"] if p["mark"]]


def languages(person: As, world: World) -> list[str]:
    return [lang["code"] for lang in person.ok("GET", f"{world.p}/search/languages")["languages"]]


def test_the_matchers_examples_hold() -> None:
    assert doctest.testmod(query_module).failed == 0


def test_french_is_found_with_accents_and_capitals_folded_and_named_as_the_text_does(
        world: World) -> None:
    enter(world, "fr", "op1", FRENCH_OP1)
    mex = world["mex"]
    found = search(mex, world, "cooperer RETOUR surs", language="fr")
    assert titles(found) == []  # every word must match: "surs" is not "sûr"
    found = search(mex, world, "cooperer RETOUR", language="fr")
    assert found["language"] == "fr"
    [hit] = hits(found)
    assert hit["title"] == "Zero draft, OP2" and hit["unit_name"] == "OP2"
    assert (hit["unit"], hit["revision"], hit["language"]) == ("op1", 0, "fr")
    assert hit["out_of_date"] is False
    # The side-by-side view, opened at the paragraph (its key, as the text view takes it).
    assert hit["href"] == \
        f"#/p/{world.process_id}/parallel/{world.document_id}/0?langs=en,fr&unit=op1"
    assert marked(hit) == ["coopérer", "retour"]
    assert "".join(p["text"] for p in hit["snippet"]) == FRENCH_OP1
    # Typed with accents and capitals, a prefix, a phrase: the same paragraph.
    assert titles(search(mex, world, "COOPÉRER", language="fr")) == ["Zero draft, OP2"]
    assert marked(hits(search(mex, world, "régio*", language="fr"))[0]) == ["régional"]
    assert marked(hits(search(mex, world, '"sur et digne"', language="fr"))[0]) == \
        ["sûr et digne"]
    # A whole word, not a piece of one; the English text is not the French version.
    assert titles(search(mex, world, "cooper", language="fr")) == []
    assert titles(search(mex, world, "dignified", language="fr")) == []
    # Without a language, the search reads the English text only, as before.
    assert search(mex, world, "cooperer")["total"] == 0
    assert titles(search(mex, world, "dignified", language="en")) == ["Zero draft, OP2"]


def test_a_translation_carried_into_a_later_revision_is_found_there_and_marked_out_of_date(
        world: World) -> None:
    enter(world, "fr", "pp1", FRENCH_PP1)
    enter(world, "fr", "op1", FRENCH_OP1)
    publish_rev1(world)  # op1's English changes; pp1's does not
    mex = world["mex"]
    found = hits(search(mex, world, "resolution", language="fr"))
    assert [(h["title"], h["out_of_date"]) for h in found] == \
        [("Rev.1, PP1", False), ("Zero draft, PP1", False)]
    found = hits(search(mex, world, "cooperer", language="fr"))
    assert [(h["title"], h["out_of_date"]) for h in found] == \
        [("Rev.1, OP2", True), ("Zero draft, OP2", False)]
    assert [h["title"] for h in hits(search(mex, world, "cooperer", language="fr",
                                            revision=0))] == ["Zero draft, OP2"]
    # Paging through the hits of one language covers each once.
    first = search(mex, world, "nous", language="fr", kind="paragraph", limit=3)
    group = first["groups"][0]
    assert (group["count"], group["next_offset"]) == (4, 3)
    rest = search(mex, world, "nous", language="fr", kind="paragraph", limit=3, offset=3)
    every = [(h["revision"], h["unit"]) for h in group["hits"] + hits(rest)]
    assert sorted(every) == [(0, "op1"), (0, "pp1"), (1, "op1"), (1, "pp1")]


def test_arabic_is_found_without_harakat_or_tatweel_and_marked_with_them(world: World) -> None:
    enter(world, "ar", "op2", ARABIC_OP2)
    che = world["che"]
    for typed in ("التقدم", "التَّقَدُّم", "التـقـدم", "نلتزم باستعرا*"):
        found = hits(search(che, world, typed, language="ar"))
        assert [h["title"] for h in found] == ["Zero draft, OP3"], typed
    [hit] = hits(search(che, world, "التقدم المحرز", language="ar"))
    # The marks fall on the words as printed, harakat included.
    assert marked(hit) == ["التَّقَدُّمِ", "المُحْرَزِ"]
    assert hit["href"] == \
        f"#/p/{world.process_id}/parallel/{world.document_id}/0?langs=en,ar&unit=op2"
    # Hamza forms read as their letter, as Arabic search does.
    assert titles(search(che, world, "اربع", language="ar")) == ["Zero draft, OP3"]
    assert titles(search(che, world, "التقدمات", language="ar")) == []


# Made up for these tests: "the book" with the conjunctions, prepositions and article Arabic
# writes joined to it, and words that only begin like it.
ARABIC_BOOK = {
    "pp1": "يَعْرِضُ الأَمِينُ العَامُّ الكِتَابَ عَلَى الدُّوَلِ.",
    "op1": "نَسْتَرْشِدُ بِالكِتَابِ، وَالكِتَابُ مَرْجِعُنَا.",
    "op1a": "يُرْسَلُ لِلكِتَابِ مُلْحَقٌ كُلَّ عَامٍ فَكِتَابٌ آخَرُ.",
    "op2": "تَبْدَأُ كِتَابَةُ التَّقْرِيرِ وَتُجْمَعُ الكِتَابَاتُ.",
}


def test_an_arabic_word_is_found_with_its_article_conjunctions_and_prepositions(
        world: World) -> None:
    for key, text in ARABIC_BOOK.items():
        enter(world, "ar", key, text)
    che = world["che"]

    def found(q: str) -> dict[str, list[str]]:
        return {h["unit"]: marked(h) for h in hits(search(che, world, q, language="ar"))}

    book = {"pp1": ["الكِتَابَ"], "op1": ["بِالكِتَابِ", "وَالكِتَابُ"],
            "op1a": ["لِلكِتَابِ", "فَكِتَابٌ"]}
    # Typed bare, with its article, with harakat: the word wherever it is written joined.
    assert found("كتاب") == book
    assert found("الكتاب") == book
    assert found("الْكِتَاب") == book
    # Never inside another word: writing (كتابة), writings (الكتابات) are other words...
    assert found("كتابة") == {"op2": ["كِتَابَةُ"]}
    assert found("الكتابات") == {"op2": ["الكِتَابَاتُ"]}
    # ... unless the term ends with * to find every word it begins.
    assert found("كتاب*") == {**book, "op2": ["كِتَابَةُ", "الكِتَابَاتُ"]}
    # Typed with a conjunction, the conjunction is searched for; phrases take them too.
    assert found("والكتاب") == {"op1": ["وَالكِتَابُ"]}
    assert found('"الكتاب مرجعنا"') == {"op1": ["وَالكِتَابُ مَرْجِعُنَا"]}
    assert found("كتاب ملحق") == {"op1a": ["لِلكِتَابِ", "مُلْحَقٌ", "فَكِتَابٌ"]}


def test_chinese_is_found_inside_a_sentence_without_spaces(world: World) -> None:
    enter(world, "zh", "op1", CHINESE_OP1)
    nga = world["nga"]
    [hit] = hits(search(nga, world, "返回", language="zh"))
    assert hit["title"] == "Zero draft, OP2" and marked(hit) == ["返回"]
    assert marked(hits(search(nga, world, "尊严 合作", language="zh"))[0]) == ["尊严", "合作"]
    assert titles(search(nga, world, '"有尊严的返回"', language="zh")) == ["Zero draft, OP2"]
    assert titles(search(nga, world, "合作框架", language="zh")) == []
    # Only Chinese is matched inside words: a French word is still a whole word.
    enter(world, "fr", "op1", FRENCH_OP1)
    assert titles(search(nga, world, "etablis", language="fr")) == ["Zero draft, OP2"]
    assert titles(search(nga, world, "etabli", language="fr")) == []


def test_the_working_copys_translations_are_found_by_those_who_may_see_it(
        world: World) -> None:
    enter(world, "fr", "op2", "Nous nous engageons à examiner le quokka chaque année.",
          sequence=None)
    cofac, mex, obs = world["cofac"], world["mex"], world["obs"]
    [hit] = hits(search(cofac, world, "quokka", language="fr"))
    assert hit["title"] == "Working copy, OP3" and hit["revision"] is None
    assert hit["href"] == \
        f"#/p/{world.process_id}/translations/{world.document_id}/working?lang=fr"
    assert languages(cofac, world) == ["en", "fr"]
    # A delegate and an observer see published revisions only: nothing, not the language.
    for person in (mex, obs):
        assert search(person, world, "quokka", language="fr")["total"] == 0
        assert languages(person, world) == ["en"]
    # Once the co-facilitators share the working copy, both may search it.
    cofac.ok("PUT", f"/documents/{world.document_id}/room/sharing", {"shared": True})
    for person in (mex, obs):
        assert titles(search(person, world, "quokka", language="fr")) == ["Working copy, OP3"]
        assert languages(person, world) == ["en", "fr"]
    # A published revision's French is everyone's.
    enter(world, "fr", "pp1", FRENCH_PP1)
    cofac.ok("PUT", f"/documents/{world.document_id}/room/sharing", {"shared": False})
    assert titles(search(obs, world, "resolution", language="fr")) == ["Zero draft, PP1"]
    assert search(obs, world, "quokka", language="fr")["total"] == 0


def test_a_revision_negotiated_in_the_language_is_searched_in_its_own_text(
        world: World) -> None:
    world["sec"].ok("PUT", f"/documents/{world.document_id}/revisions/0/languages/source",
                    {"language": "fr"})
    [hit] = hits(search(world["mex"], world, "dignified", language="fr"))
    assert hit["title"] == "Zero draft, OP2" and hit["out_of_date"] is False
    assert hit["href"] == f"#/p/{world.process_id}/text/{world.document_id}/0?unit=op1"
    assert languages(world["mex"], world) == ["fr"]


def test_in_the_texts_own_language_the_hits_are_ranked_as_the_search_without_one(
        world: World) -> None:
    pen = Pen(world)
    pen.insert("op2", key="long", kind="paragraph", parent="obj1", number="4",
               text="We commit to strengthen cooperation on many matters, including data, "
                    "borders, consular protection, labour mobility, skills, remittances, "
                    "diaspora engagement, and also, once, resettlement.")
    pen.insert("long", key="short", kind="paragraph", parent="obj1", number="5",
               text="Resettlement, resettlement and resettlement.")
    pen.publish()
    mex = world["mex"]

    def order(found: dict[str, Any]) -> list[tuple[int | None, str]]:
        return [(h["revision"], h["unit"]) for h in hits(found)]

    # The paragraph most about the word first, as without a language, not document order.
    plain = search(mex, world, "resettlement", kind="paragraph")
    assert order(plain) == [(1, "short"), (1, "long")]
    assert order(search(mex, world, "resettlement", language="en")) == order(plain)
    # Across revisions too: the same words in several, each ranked as the search ranks them.
    for q in ("commit", "return", "cooperate return*"):
        plain = search(mex, world, q, kind="paragraph", limit=50)
        assert order(search(mex, world, q, language="en", kind="paragraph", limit=50)) == \
            order(plain), q


def test_outsiders_learn_nothing_and_bad_requests_are_the_one_error_shape(
        world: World) -> None:
    mex = world["mex"]
    assert world["outsider"].get(f"{world.p}/search", q="retour", language="fr").status == 404
    assert world["outsider"].get(f"{world.p}/search/languages").status == 404
    for bad in ("xx", "FR", "fr,en", ""):
        error = assert_error(mex.get(f"{world.p}/search", q="retour", language=bad), 422,
                             "invalid")
        assert [f["field"] for f in error["details"]["fields"]] == ["language"], bad
    assert_error(mex.get(f"{world.p}/search", q="retour", language="fr", kind="amendment"),
                 422, "invalid", details={"field": "kind"})
    assert_error(mex.get(f"{world.p}/search", q='"unclosed', language="ar"), 422, "invalid",
                 details={"field": "q"})
    assert_error(mex.get(f"{world.p}/search", q="*", language="zh"), 422, "invalid",
                 details={"field": "q"})
