"""Akoma Ntoso 3.0 (OASIS LegalDocML) renderings: a revision as a ``doc``, amendments as an
``amendmentList`` of ``amendment``s.

In a revision, every unit carries ``eId`` (its identifier in this revision, built from its
display number: ``sec_1__para_2__subpara_a``) and ``wId`` (its stable key, the same in every
revision however it is renumbered). The preamble is an ``hcontainer`` named ``preamble``;
sections are ``section``, paragraphs ``paragraph``, sub-paragraphs ``subparagraph``. A unit's
status is a ``refersTo`` to a ``TLCConcept`` (``#agreed_ad_ref``).

An amendment names its proponents as ``docProponent``s, and describes its change as a
``textualMod`` (insertion, substitution or repeal) whose ``old`` and ``new`` point to the
``quotedText`` of the unit's text before and after.

What a unit carries besides its words (:mod:`server.core.richtext`): italic and bold runs are
``i`` and ``b``; a footnote is an ``authorialNote`` with its printed ``marker`` and
``placement="bottom"`` where it is anchored; an editorial note (not negotiated text) is a
``note`` in the ``notes`` of the metadata (``class="editorial"``), referred to by a
``noteRef`` where it is anchored, or, for a note on the whole unit, naming the unit as its
``placementBase``. An option group is an ``hcontainer`` named ``optionGroup`` holding one
``hcontainer`` named ``option`` per alternative, its label the ``num`` ("Option 2") and
``heading`` "No text" for that alternative; the alternative's units sit inside it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from lxml import etree

from server.core.text import UnitKind, UnitStatus, UnitView
from server.features.files.exports.common import (
    NO_TEXT,
    DocumentMeta,
    Inline,
    inline_pieces,
    option_label,
    option_starts,
    split_lines,
    unit_notes,
    xml_text,
)

__all__ = ["AKN_NS", "AmendmentExport", "amendments_akn", "revision_akn", "validate"]

AKN_NS: Final = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
_N: Final = f"{{{AKN_NS}}}"
#: Accord's own metadata, in the ``proprietary`` block: the revision's history hash.
HISTORY_NS: Final = "urn:accord:history"
STATUS_CONCEPT: Final = {
    UnitStatus.AGREED_INFORMALS: ("agreed_informals", "Agreed in informals"),
    UnitStatus.AGREED_AD_REF: ("agreed_ad_ref", "Agreed ad referendum"),
    UnitStatus.ADOPTED: ("adopted", "Adopted"),
}
_ELEMENT: Final = {UnitKind.PREAMBLE: "hcontainer", UnitKind.SECTION: "section",
                   UnitKind.PARAGRAPH: "paragraph", UnitKind.SUBPARAGRAPH: "subparagraph"}
_EID_PREFIX: Final = {UnitKind.PREAMBLE: "preamble", UnitKind.SECTION: "sec",
                      UnitKind.PARAGRAPH: "para", UnitKind.SUBPARAGRAPH: "subpara"}
_LANG3: Final = {"en": "eng", "fr": "fra", "es": "spa", "ru": "rus", "ar": "ara", "zh": "zho"}


def _el(parent: etree._Element | None, tag: str, text: str | None = None,
        **attrs: str) -> etree._Element:
    if parent is None:
        element = etree.Element(_N + tag, nsmap={None: AKN_NS})  # type: ignore[dict-item]
    else:
        element = etree.SubElement(parent, _N + tag)
    for name, value in attrs.items():
        element.set(name.rstrip("_"), xml_text(value))
    if text is not None:
        element.text = xml_text(text)
    return element


def _token(s: str) -> str:
    """A display number as an eId component: `12 bis` -> `12bis`, `(a)` -> `a`."""
    cleaned = re.sub(r"[^0-9A-Za-z]+", "", s)
    return cleaned or "x"


#: The attribute naming the language of an element's content (AKN 3.0's core attributes).
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _date(meta: DocumentMeta) -> str:
    return (meta.date or datetime(1970, 1, 1, tzinfo=UTC)).date().isoformat()


def _work_uri(meta: DocumentMeta, kind: str = "doc") -> str:
    name = f"accord-{meta.document_id}" if meta.document_id is not None else "accord"
    return f"/akn/un/{kind}/{_date(meta)}/{name}"


def _identification(meta_el: etree._Element, meta: DocumentMeta, *, kind: str,
                    suffix: str = "") -> None:
    ident = _el(meta_el, "identification", source="#accord")
    work = _work_uri(meta, kind) + suffix
    version = f"@{meta.sequence}" if meta.sequence is not None else "@"
    expression = f"{work}/{_LANG3.get(meta.language, 'eng')}{version}"
    date = _date(meta)
    for level, uri in (("FRBRWork", work), ("FRBRExpression", expression),
                       ("FRBRManifestation", expression)):
        frbr = _el(ident, level)
        this = f"{uri}/!main" + (".xml" if level == "FRBRManifestation" else "")
        _el(frbr, "FRBRthis", value=this)
        _el(frbr, "FRBRuri", value=uri + (".akn" if level == "FRBRManifestation" else ""))
        _el(frbr, "FRBRdate", date=date, name="publication" if level != "FRBRManifestation"
            else "generation")
        _el(frbr, "FRBRauthor", href="#cofacilitators")
        if level == "FRBRWork":
            _el(frbr, "FRBRcountry", value="un")
            if meta.label:
                _el(frbr, "FRBRname", value=meta.title)
        elif level == "FRBRExpression":
            if meta.sequence is not None:
                _el(frbr, "FRBRversionNumber", value=str(meta.sequence))
            _el(frbr, "FRBRlanguage", language=_LANG3.get(meta.language, "eng"))


def _references(meta_el: etree._Element, organisations: Sequence[tuple[str, str]],
                concepts: Sequence[tuple[str, str]] = ()) -> None:
    refs = _el(meta_el, "references", source="#accord")
    _el(refs, "TLCOrganization", eId="accord", href="/ontology/organization/accord",
        showAs="Accord")
    _el(refs, "TLCOrganization", eId="cofacilitators",
        href="/ontology/organization/accord/cofacilitators", showAs="Co-facilitators")
    for eid, name in organisations:
        _el(refs, "TLCOrganization", eId=eid, href=f"/ontology/organization/un/{eid}",
            showAs=name)
    for eid, name in concepts:
        _el(refs, "TLCConcept", eId=eid, href=f"/ontology/concept/accord/{eid}", showAs=name)


def _paragraphs(parent: etree._Element, text: str) -> None:
    lines = text.split("\n") if text else [""]
    for line in lines:
        _el(parent, "p", line)


class _Rich:
    """Writes units' rich content, numbering their notes, and keeps the editorial notes
    for the metadata's ``notes``."""

    def __init__(self) -> None:
        self.editorial: list[tuple[str, str, str | None]] = []  # eId, text, placementBase
        self.authorial = 0

    def note(self, text: str, base: str | None = None) -> str:
        eid = f"edn_{len(self.editorial) + 1}"
        self.editorial.append((eid, text, base))
        return eid

    def paragraphs(self, parent: etree._Element, unit: UnitView, eid: str) -> None:
        lines = split_lines(inline_pieces(unit)) if unit.text or unit.footnotes \
            or unit.notes else [[]]
        for line in lines:
            p = _el(parent, "p")
            last: etree._Element | None = None
            for piece in line:
                if piece.kind == "text" and not (piece.italic or piece.bold):
                    if last is None:
                        p.text = (p.text or "") + xml_text(piece.text)
                    else:
                        last.tail = (last.tail or "") + xml_text(piece.text)
                    continue
                last = self._inline(p, piece, eid)
        for text in unit_notes(unit):
            self.note(text, eid)

    def _inline(self, p: etree._Element, piece: Inline, eid: str) -> etree._Element:
        if piece.kind == "footnote":
            self.authorial += 1
            note = _el(p, "authorialNote", marker=piece.mark or str(self.authorial),
                       placement="bottom", eId=f"{eid}__authorialNote_{self.authorial}")
            for line in (piece.text.split("\n") if piece.text else [""]):
                _el(note, "p", line)
            return note
        if piece.kind == "note":
            return _el(p, "noteRef", href="#" + self.note(piece.text), class_="editorial")
        outer = _el(p, "i" if piece.italic else "b")
        inner = _el(outer, "b") if piece.italic and piece.bold else outer
        inner.text = xml_text(piece.text)
        return outer

    def metadata(self, meta_el: etree._Element) -> None:
        """The ``notes`` block, after ``references`` (the schema's order)."""
        if not self.editorial:
            return
        notes = etree.Element(_N + "notes")
        notes.set("source", "#accord")
        for eid, text, base in self.editorial:
            note = _el(notes, "note", eId=eid, class_="editorial")
            if base is not None:
                note.set("placementBase", base)
            for line in (text.split("\n") if text else [""]):
                _el(note, "p", line)
        anchor = meta_el.find(_N + "references")
        if anchor is not None:
            anchor.addnext(notes)
        else:
            meta_el.append(notes)


def _serialise(root: etree._Element) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                pretty_print=True))


# --------------------------------------------------------------------------- revision


def unit_eids(units: Sequence[UnitView]) -> dict[str, str]:
    """Each unit's eId in this revision: its ancestors' eIds and its own kind and display
    number (``sec_1__para_2bis__subpara_a``), made unique with a suffix when needed."""
    eids: dict[str, str] = {}
    taken: set[str] = set()
    ordinal: dict[tuple[str | None, UnitKind], int] = {}
    for unit in units:
        ordinal[(unit.parent, unit.kind)] = ordinal.get((unit.parent, unit.kind), 0) + 1
        own = (f"{_EID_PREFIX[unit.kind]}_"
               f"{_token(unit.number) if unit.number else ordinal[(unit.parent, unit.kind)]}")
        if unit.kind is UnitKind.PREAMBLE:
            own = "preamble"
        eid = f"{eids[unit.parent]}__{own}" if unit.parent in eids else own
        base, n = eid, 1
        while eid in taken:
            n += 1
            eid = f"{base}_{n}"
        taken.add(eid)
        eids[unit.key] = eid
    return eids


def revision_akn(meta: DocumentMeta, units: Sequence[UnitView]) -> bytes:
    """A revision as an Akoma Ntoso 3.0 ``doc`` (see the module docstring)."""
    root = _el(None, "akomaNtoso")
    doc = _el(root, "doc", name="revision")
    meta_el = _el(doc, "meta")
    _identification(meta_el, meta, kind="doc")
    used = sorted({u.status for u in units if u.status in STATUS_CONCEPT},
                  key=list(UnitStatus).index)
    _references(meta_el, [], [STATUS_CONCEPT[s] for s in used])
    if meta.history_hash:
        proprietary = _el(meta_el, "proprietary", source="#accord")
        etree.SubElement(proprietary, f"{{{HISTORY_NS}}}historyHash",
                         nsmap={"accord": HISTORY_NS}).text = meta.history_hash
    preface = _el(doc, "preface")
    preface.set(XML_LANG, meta.language)  # <doc> takes no xml:lang in AKN 3.0: its parts do
    title_p = _el(preface, "p")
    _el(title_p, "docTitle", meta.title)
    if meta.label:
        status_p = _el(preface, "p")
        _el(status_p, "docStage", meta.label)
    body = _el(doc, "mainBody")
    body.set(XML_LANG, meta.language)
    elements: dict[str, etree._Element] = {}
    eids = unit_eids(units)
    children: dict[str | None, list[UnitView]] = {}
    for unit in units:
        children.setdefault(unit.parent, []).append(unit)
    rich = _Rich()
    #: per parent, the option group's element and the current alternative's element
    groups: dict[str | None, etree._Element] = {}
    alternatives: dict[str | None, etree._Element] = {}
    counts: dict[str, int] = {}
    for unit, (group_start, alt_start) in zip(units, option_starts(units), strict=True):
        parent_el = elements.get(unit.parent, body) if unit.parent else body
        if unit.option is None:
            groups.pop(unit.parent, None)
            alternatives.pop(unit.parent, None)
        else:
            base = eids[unit.parent] + "__" if unit.parent in eids else ""
            if group_start:
                counts[base] = counts.get(base, 0) + 1
                groups[unit.parent] = _el(parent_el, "hcontainer", name="optionGroup",
                                          eId=f"{base}hcontainer_options{counts[base]}")
            group_el = groups[unit.parent]
            if alt_start:
                n = sum(1 for _ in group_el) + 1
                alternative = _el(group_el, "hcontainer", name="option",
                                  eId=f"{group_el.get('eId')}__hcontainer_{n}")
                _el(alternative, "num", option_label(unit))
                if unit.option.no_text:
                    _el(alternative, "heading", NO_TEXT)
                alternatives[unit.parent] = alternative
            parent_el = alternatives[unit.parent]
        tag = _ELEMENT[unit.kind]
        eid = eids[unit.key]
        attrs = {"eId": eid, "wId": unit.key}
        if unit.kind is UnitKind.PREAMBLE:
            attrs["name"] = "preamble"
        if unit.status in STATUS_CONCEPT:
            attrs["refersTo"] = "#" + STATUS_CONCEPT[unit.status][0]
        element = _el(parent_el, tag, **attrs)
        if unit.number:
            _el(element, "num", unit.number)
        if unit.heading:
            _el(element, "heading", unit.heading)
        if children.get(unit.key):
            if unit.text or unit.footnotes or unit.notes:
                rich.paragraphs(_el(element, "intro"), unit, eid)
        else:
            rich.paragraphs(_el(element, "content"), unit, eid)
        elements[unit.key] = element
    rich.metadata(meta_el)
    if not units:
        _el(body, "p")
    return _serialise(root)


def _prefix_ids(doc: etree._Element, prefix: str) -> None:
    """Make a component's ids unique in its collection (AKN's naming convention prefixes
    them with the component's: cmp_2__sec_1), and its references to them."""
    ids = {e.get("eId") for e in doc.iter() if e.get("eId")}
    for element in doc.iter():
        if element.get("eId"):
            element.set("eId", prefix + element.get("eId", ""))
        for name in ("refersTo", "source", "href", "by", "as"):
            value = element.get(name)
            if value and value.startswith("#"):
                parts = [f"#{prefix}{v[1:]}" if v[1:] in ids else v for v in value.split()]
                element.set(name, " ".join(parts))


def multilingual_akn(meta: DocumentMeta,
                     versions: Sequence[tuple[DocumentMeta, Sequence[UnitView]]]) -> bytes:
    """A revision in several languages in one Akoma Ntoso file: a ``documentCollection``
    whose components are each language's ``doc`` (AKN 3.0 gives a document one expression,
    one language, so a collection holds one per language), each with its FRBR language and
    its parts' xml:lang."""
    root = _el(None, "akomaNtoso")
    collection = _el(root, "documentCollection", name="languages")
    meta_el = _el(collection, "meta")
    _identification(meta_el, meta, kind="documentCollection")
    _references(meta_el, [])
    preface = _el(collection, "preface")
    _el(_el(preface, "p"), "docTitle", meta.title)
    body = _el(collection, "collectionBody")
    for number, (version, units) in enumerate(versions, start=1):
        component = _el(body, "component", eId=f"cmp_{number}")
        doc = etree.fromstring(revision_akn(version, units))[0]
        _prefix_ids(doc, f"cmp_{number}__")
        component.append(doc)
    return _serialise(root)


# --------------------------------------------------------------------------- amendments


@dataclass(frozen=True)
class AmendmentExport:
    """An amendment as the AKN renderer needs it. ``paragraph``: its unit's name as people
    call it (OP12, OP10(a): core.naming); ``proponents``: (code, name) pairs, proposer
    first; ``kind``: the domain kind (change_words, add_unit, delete_unit, alternative,
    retain, reservation); ``old``: the unit's text it was made against; ``new``: the
    proposed text."""

    id: int
    kind: str
    state: str
    unit_key: str
    paragraph: str
    proponents: tuple[tuple[str, str], ...]
    old: str
    new: str | None
    justification: str = ""
    supporters: tuple[str, ...] = field(default_factory=tuple)


_MOD_TYPE: Final = {"change_words": "substitution", "alternative": "substitution",
                    "add_unit": "insertion", "delete_unit": "repeal"}


def _org_id(code: str) -> str:
    return "org_" + re.sub(r"[^0-9A-Za-z_-]", "_", code)


def amendments_akn(meta: DocumentMeta, amendments: Sequence[AmendmentExport], *,
                   eids: dict[str, str] | None = None) -> bytes:
    """Amendments as an Akoma Ntoso 3.0 ``amendmentList``; ``eids`` maps unit keys to
    their eId in the revision ``meta`` describes (for the textualMod destination)."""
    eids = eids or {}
    root = _el(None, "akomaNtoso")
    listing = _el(root, "amendmentList", name="amendments")
    meta_el = _el(listing, "meta")
    _identification(meta_el, meta, kind="amendmentList")
    organisations: dict[str, str] = {}
    for amendment in amendments:
        for code, name in amendment.proponents:
            organisations.setdefault(code, name)
    _references(meta_el, [(_org_id(c), n) for c, n in organisations.items()])
    preface = _el(listing, "preface")
    _el(_el(preface, "p"), "docTitle", f"Amendments to {meta.full_title}")
    collection = _el(listing, "collectionBody")
    target = _work_uri(meta) + "/!main"
    if not amendments:
        component = _el(collection, "component", eId="cmp_none")
        _el(_el(component, "interstitial", eId="cmp_none__intstl_1"), "p",
            "No amendments.")
    for amendment in amendments:
        prefix = f"amd_{amendment.id}"
        component = _el(collection, "component", eId=f"cmp_{amendment.id}")
        element = _el(component, "amendment", name=amendment.kind)
        a_meta = _el(element, "meta")
        _identification(a_meta, meta, kind="amendment", suffix=f"-amd-{amendment.id}")
        destination = target + "~" + eids.get(amendment.unit_key, amendment.unit_key)
        mod_type = _MOD_TYPE.get(amendment.kind)
        if mod_type is not None:
            analysis = _el(a_meta, "analysis", source="#accord")
            active = _el(analysis, "activeModifications")
            mod = _el(active, "textualMod", type=mod_type, eId=f"{prefix}__mod_1")
            _el(mod, "source", href=f"#{prefix}__content")
            _el(mod, "destination", href=destination)
            if mod_type != "insertion":
                _el(mod, "old", href=f"#{prefix}__qstr_old")
            if mod_type != "repeal":
                _el(mod, "new", href=f"#{prefix}__qstr_new")
        a_preface = _el(element, "preface")
        for code, name in amendment.proponents:
            _el(_el(a_preface, "p"), "docProponent", name, refersTo="#" + _org_id(code))
        _el(_el(a_preface, "p"), "docStatus", amendment.state)
        body = _el(element, "amendmentBody")
        content = _el(body, "amendmentContent", eId=f"{prefix}__content")
        where = amendment.paragraph
        mod_el = _el(_el(content, "p"), "mod", eId=f"{prefix}__mod_1_text")
        old_q = ("quotedText", amendment.old, f"{prefix}__qstr_old")
        new_q = ("quotedText", amendment.new or "", f"{prefix}__qstr_new")
        sentences: dict[str, list[str | tuple[str, str, str]]] = {
            "change_words": [f"In {where}, replace ", old_q, " by ", new_q, "."],
            "alternative": [f"As an alternative to {where} (", old_q, "): ", new_q, "."],
            "add_unit": [f"After {where}, insert: ", new_q, "."],
            "delete_unit": [f"Delete {where} (", old_q, ")."],
            "retain": [f"Retain {where} as it stands."],
            "reservation": [f"Reservation on {where}."],
        }
        sentence = sentences.get(amendment.kind, [f"{amendment.kind}: {where}."])
        last: etree._Element | None = None
        for part in sentence:
            if isinstance(part, str):
                if last is None:
                    mod_el.text = (mod_el.text or "") + xml_text(part)
                else:
                    last.tail = (last.tail or "") + xml_text(part)
            else:
                last = _el(mod_el, part[0], part[1], eId=part[2])
        if amendment.justification:
            _el(_el(body, "amendmentJustification", eId=f"{prefix}__just"), "p",
                amendment.justification)
    return _serialise(root)


# --------------------------------------------------------------------------- validation


def validate(xml: bytes, xsd: Path) -> list[str]:
    """The schema errors of ``xml`` against the XSD at ``xsd`` (empty when valid)."""
    schema = etree.XMLSchema(etree.parse(str(xsd)))
    document = etree.fromstring(xml, parser=etree.XMLParser(resolve_entities=False,
                                                             no_network=True))
    if schema.validate(document):
        return []
    errors: Iterable[Any] = schema.error_log  # type: ignore[assignment]
    return [f"line {e.line}: {e.message}" for e in errors]
