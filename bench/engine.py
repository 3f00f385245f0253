"""Text engine benchmark: compilation, revision diff, carrying amendments, attribution.

On a generated document of 1,000 units (about 60,000 words; mostly English, some French,
Spanish, Russian, Arabic and Chinese units) with 5,000 open amendments from 190 delegations,
and a new revision in which 5% of the units changed. Targets (on the project's 2-core
machine):

* compilation (``compile_text`` + ``render_compilation_text``) <= 1 s;
* diff between the two revisions (``revision_diff``: units matched by key, only the changed
  ones diffed with ``word_diff``) <= 0.2 s;
* carrying all 5,000 amendments onto the new revision (``carry_all``) <= 2 s;
* attribution of one unit over 10 revisions (``attribute``) <= 10 ms.

As a reference, plain diff-match-patch on the two whole texts (``diff_main``, default
settings, so its 1 s ``Diff_Timeout`` applies) and its ratio to ``revision_diff``; also, with
no target, collisions, lineage (by key and by similarity) and the peak memory of the process.

Prints one JSON object per line, medians over the runs:
{"bench": "engine", "metric": "compilation", "value": 0.41, "unit": "s", "target": 1.0,
 "met": true, "runs": 5}

    .venv/bin/python bench/engine.py [--runs 5] [--seed 2018] [--units 1000]
        [--amendments 5000] [--delegations 190]

The data are generated deterministically from the seed. A summary of the data goes to stderr.
"""

# ruff: noqa: RUF001  (the phrase banks are Russian, Arabic and Chinese on purpose)

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from diff_match_patch import diff_match_patch

from server.core.amendments import AmendmentKind, AmendmentState
from server.core.attribution import attribute
from server.core.compilation import compile_text, render_compilation_text
from server.core.lineage import lineage, revision_diff
from server.core.rebase import AmendmentView, carry_all, collisions
from server.core.text import UnitKind, UnitView
from server.core.tokens import count_words

# ---- phrase banks ------------------------------------------------------------------------

EN = [
    "We commit to cooperate on safe and dignified return and readmission",
    "in full respect of international human rights law and the principle of non-refoulement",
    "taking into account different national realities, capacities and levels of development",
    "with the meaningful participation of all relevant stakeholders",
    "including by mobilising adequate, predictable and sustainable resources",
    "with particular attention to persons in vulnerable situations",
    "so as to ensure accountability, transparency and the rule of law",
    "through the exchange of good practices and lessons learned at the regional level",
    "and to strengthen international cooperation on data collection and analysis",
    "and to promote faster, safer and cheaper transfer of remittances",
    "building on existing mechanisms and the work of the relevant United Nations entities",
    "and to ensure that all migrants have proof of legal identity and adequate documentation",
    "and to invest in skills development and facilitate mutual recognition of qualifications",
    "and to eradicate trafficking in persons in the context of international migration",
]
FR = [
    "Nous nous engageons à coopérer pour un retour sûr et digne",
    "dans le plein respect du droit international des droits de l'homme",
    "en tenant compte des différentes réalités et capacités nationales",
    "avec la participation effective de toutes les parties prenantes concernées",
    "y compris en mobilisant des ressources adéquates, prévisibles et durables",
    "en accordant une attention particulière aux personnes en situation de vulnérabilité",
]
ES = [
    "Nos comprometemos a cooperar para un retorno seguro y digno",
    "respetando plenamente el derecho internacional de los derechos humanos",
    "teniendo en cuenta las distintas realidades y capacidades nacionales",
    "con la participación significativa de todas las partes interesadas pertinentes",
    "incluso movilizando recursos adecuados, previsibles y sostenibles",
    "prestando especial atención a las personas en situación de vulnerabilidad",
]
RU = [
    "Мы обязуемся сотрудничать в обеспечении безопасного и достойного возвращения",
    "при полном соблюдении международного права в области прав человека",
    "с учетом различных национальных реалий и возможностей",
    "при конструктивном участии всех соответствующих заинтересованных сторон",
    "в том числе путем мобилизации адекватных, предсказуемых и устойчивых ресурсов",
    "уделяя особое внимание лицам, находящимся в уязвимом положении",
]
AR = [
    "نلتزم بالتعاون من أجل العودة الآمنة والكريمة",
    "مع الاحترام الكامل للقانون الدولي لحقوق الإنسان",
    "مع مراعاة اختلاف الواقع والقدرات الوطنية",
    "بمشاركة هادفة من جميع أصحاب المصلحة المعنيين",
    "بما في ذلك عن طريق حشد موارد كافية ويمكن التنبؤ بها ومستدامة",
    "مع إيلاء اهتمام خاص للأشخاص الذين يعيشون أوضاعا هشة",
]
ZH = [
    "我们承诺在安全和有尊严的返回方面开展合作",
    "充分尊重国际人权法",
    "考虑到各国不同的国情和能力",
    "让所有相关利益攸关方切实参与",
    "包括调动充足、可预测和可持续的资源",
    "特别关注处境脆弱的人",
]
LANGUAGES: list[tuple[str, list[str], float, str]] = [
    # (code, bank, share of units, separator between phrases)
    ("en", EN, 0.85, ", "), ("fr", FR, 0.03, ", "), ("es", ES, 0.03, ", "),
    ("ru", RU, 0.03, ", "), ("ar", AR, 0.03, "، "), ("zh", ZH, 0.03, "，"),
]
INSERTS = {
    "en": ["as appropriate", "in accordance with national legislation", "on a voluntary basis",
           "where relevant", "subject to available resources", "in line with national priorities"],
    "fr": ["le cas échéant", "conformément à la législation nationale"],
    "es": ["según proceda", "de conformidad con la legislación nacional"],
    "ru": ["в надлежащих случаях", "в соответствии с национальным законодательством"],
    "ar": ["حسب الاقتضاء", "وفقا للتشريعات الوطنية"],
    "zh": ["酌情", "根据国家立法"],
}
TARGET_WORDS = 60
CLUSTERS = ["rights", "return", "labour", "data", "borders", "integration"]


# ---- generation --------------------------------------------------------------------------


def _paragraph(rng: random.Random, lang: str, bank: list[str], sep: str, n: int) -> str:
    parts: list[str] = []
    words = 0
    target = TARGET_WORDS + rng.randint(-8, 8)
    while words < target:
        phrase = rng.choice(bank)
        parts.append(phrase)
        words += count_words(phrase)
    end = "。" if lang == "zh" else "."
    return sep.join(parts) + f" ({n}){end}"


def generate_units(rng: random.Random, count: int) -> tuple[list[UnitView], dict[str, str]]:
    """``count`` units: a section every 50 units, paragraphs, and lettered sub-paragraphs
    under about one paragraph in five."""
    units: list[UnitView] = []
    langs: dict[str, str] = {}
    codes = [code for code, *_ in LANGUAGES]
    weights = [w for _, _, w, _ in LANGUAGES]
    banks = {code: (bank, sep) for code, bank, _, sep in LANGUAGES}
    section = paragraph = 0
    current_section = current_paragraph = ""
    letters = 0
    while len(units) < count:
        i = len(units)
        if i % 50 == 0:
            section += 1
            current_section = f"s{section}"
            units.append(UnitView(current_section, UnitKind.SECTION, None, f"{section}",
                                  heading=f"Objective {section}: {rng.choice(EN)[:40]}"))
            continue
        lang = rng.choices(codes, weights)[0]
        bank, sep = banks[lang]
        if current_paragraph and rng.random() < 0.2:
            key = f"{current_paragraph}-{letters}"
            text = _paragraph(rng, lang, bank, sep, i)
            units.append(UnitView(key, UnitKind.SUBPARAGRAPH, current_paragraph,
                                  f"({chr(97 + letters % 26)})", text))
            letters += 1
        else:
            paragraph += 1
            current_paragraph = f"p{paragraph}"
            letters = 0
            units.append(UnitView(current_paragraph, UnitKind.PARAGRAPH, current_section,
                                  str(paragraph), _paragraph(rng, lang, bank, sep, i)))
            key = current_paragraph
        langs[units[-1].key] = lang
    return units, langs


def edit_text(rng: random.Random, text: str, lang: str) -> str:
    """A small edit: a qualifier inserted, a word deleted or a word replaced."""
    words = text.split(" ")
    if len(words) < 4:
        return text + " " + rng.choice(INSERTS[lang])
    at = rng.randrange(1, len(words) - 1)
    choice = rng.randrange(3)
    if choice == 0:
        words.insert(at, rng.choice(INSERTS[lang]))
    elif choice == 1:
        del words[at : at + rng.randint(1, 3)]
    else:
        words[at] = rng.choice(INSERTS[lang]).split(" ")[0]
    result = " ".join(words)
    return result if result != text else text + " " + rng.choice(INSERTS[lang])


def generate_amendments(rng: random.Random, units: list[UnitView], langs: dict[str, str],
                        count: int, delegations: int) -> list[AmendmentView]:
    """``count`` submitted amendments on random non-section units, three in four
    ``change_words`` (a small edit), the rest spread over the other kinds, each from one to
    three of ``delegations`` delegations, tagged with a cluster."""
    codes = [f"D{i:03d}" for i in range(1, delegations + 1)]
    targets = [u for u in units if u.kind is not UnitKind.SECTION]
    kinds = [AmendmentKind.CHANGE_WORDS, AmendmentKind.ADD_UNIT, AmendmentKind.DELETE_UNIT,
             AmendmentKind.ALTERNATIVE, AmendmentKind.RETAIN, AmendmentKind.RESERVATION]
    weights = [0.75, 0.05, 0.05, 0.05, 0.05, 0.05]
    out: list[AmendmentView] = []
    for n in range(1, count + 1):
        unit = rng.choice(targets)
        lang = langs[unit.key]
        kind = rng.choices(kinds, weights)[0]
        text: str | None = None
        if kind is AmendmentKind.CHANGE_WORDS:
            text = edit_text(rng, unit.text, lang)
        elif kind in (AmendmentKind.ADD_UNIT, AmendmentKind.ALTERNATIVE):
            bank, sep = next((b, s) for c, b, _, s in LANGUAGES if c == lang)
            text = _paragraph(rng, lang, bank, sep, n)
        proponents = tuple(rng.sample(codes, rng.choice([1, 1, 1, 2, 3])))
        out.append(AmendmentView(n, unit.key, kind, AmendmentState.SUBMITTED, proponents,
                                 unit.text, text, 0, rng.choice(CLUSTERS),
                                 "reason" if kind is AmendmentKind.RESERVATION else ""))
    return out


def next_revision(rng: random.Random, units: list[UnitView], langs: dict[str, str],
                  share: float) -> list[UnitView]:
    """The same units with ``share`` of the non-section units edited (one small edit each,
    a larger one for one in ten)."""
    content = [i for i, u in enumerate(units) if u.kind is not UnitKind.SECTION]
    changed = set(rng.sample(content, round(len(units) * share)))
    out: list[UnitView] = []
    for i, unit in enumerate(units):
        if i in changed:
            text = edit_text(rng, unit.text, langs[unit.key])
            if rng.random() < 0.1:
                text = edit_text(rng, text, langs[unit.key])
            out.append(replace(unit, text=text, number=unit.number))
        else:
            out.append(unit)
    return out


def unit_history(rng: random.Random, unit: UnitView, lang: str, revisions: int
                 ) -> tuple[list[tuple[int, str | None]], dict[int, list[AmendmentView]]]:
    """A unit over ``revisions`` revisions: each revision reflects two amendments (each a
    small edit of the previous text) and makes one co-facilitators' edit."""
    history: list[tuple[int, str | None]] = [(0, unit.text)]
    reflected: dict[int, list[AmendmentView]] = {}
    text = unit.text
    n = 0
    for seq in range(1, revisions):
        ams = []
        for _ in range(2):
            n += 1
            proposed = edit_text(rng, text, lang)
            ams.append(AmendmentView(n, unit.key, AmendmentKind.CHANGE_WORDS,
                                     AmendmentState.REFLECTED, (f"D{n:03d}",), text, proposed,
                                     seq - 1))
            text = proposed
        text = edit_text(rng, text, lang)  # the co-facilitators' own edit
        reflected[seq] = ams
        history.append((seq, text))
    return history, reflected


# ---- measuring ---------------------------------------------------------------------------


def timed(fn: Callable[[], Any], runs: int, repeat: int = 1) -> tuple[float, Any]:
    """Median seconds per call over ``runs`` runs (each the mean of ``repeat`` calls)."""
    times: list[float] = []
    result: Any = None
    for _ in range(runs):
        start = time.perf_counter()
        for _ in range(repeat):
            result = fn()
        times.append((time.perf_counter() - start) / repeat)
    return statistics.median(times), result


def emit(metric: str, value: float, unit: str, target: float | None, runs: int,
         *, higher_is_better: bool = False, **extra: Any) -> None:
    """Print one result as a JSON line (``met`` is None when there is no target)."""
    met: bool | None = None
    if target is not None:
        met = value >= target if higher_is_better else value <= target
    line = {"bench": "engine", "metric": metric, "value": round(value, 6), "unit": unit,
            "target": target, "met": met, "runs": runs, **extra}
    print(json.dumps(line, ensure_ascii=False), flush=True)


def main(argv: list[str] | None = None) -> int:
    """Generate the data, run every measurement, print the JSON lines; returns 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2018)
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--amendments", type=int, default=5000)
    parser.add_argument("--delegations", type=int, default=190)
    parser.add_argument("--changed", type=float, default=0.05,
                        help="share of units changed in the new revision")
    parser.add_argument("--quick", action="store_true",
                        help="one run of each measurement (make bench); the same sizes")
    args = parser.parse_args(argv)
    runs = 1 if args.quick else max(1, args.runs)

    rng = random.Random(args.seed)
    units, langs = generate_units(rng, args.units)
    amendments = generate_amendments(rng, units, langs, args.amendments, args.delegations)
    new_units = next_revision(rng, units, langs, args.changed)
    words = sum(count_words(u.text) + count_words(u.heading or "") for u in units)
    changed = sum(1 for a, b in zip(units, new_units, strict=True) if a.text != b.text)
    print(f"# {len(units)} units, {words} words, languages "
          f"{dict(Counter(langs.values()))}, {len(amendments)} amendments "
          f"{dict(Counter(a.kind.value for a in amendments))} from "
          f"{len({c for a in amendments for c in a.proponents})} delegations; "
          f"{changed} units changed in the new revision", file=sys.stderr)

    # compilation
    def compile_and_render() -> str:
        return render_compilation_text(compile_text(units, amendments))

    seconds, text = timed(compile_and_render, runs)
    emit("compilation", seconds, "s", 1.0, runs)
    print(f"# compilation text: {len(text.splitlines())} lines, {len(text)} characters",
          file=sys.stderr)

    # diff between two revisions
    diff_seconds, diffs = timed(lambda: revision_diff(units, new_units), runs)
    emit("revision_diff", diff_seconds, "s", 0.2, runs)

    # carrying all amendments
    seconds, carried = timed(lambda: carry_all(amendments, units, new_units), runs)
    emit("carry_all", seconds, "s", 2.0, runs)
    print(f"# carried: {dict(Counter(c.outcome.value for c in carried))}", file=sys.stderr)

    # attribution of one unit over 10 revisions
    english = next(u for u in units if langs.get(u.key) == "en")
    history, reflected = unit_history(random.Random(args.seed + 1), english, "en", 10)
    seconds, spans = timed(lambda: attribute(history, reflected), runs, repeat=20)
    emit("attribution_10_revisions", seconds * 1000, "ms", 10.0, runs)
    print(f"# attribution: {len(spans)} spans, origins "
          f"{dict(Counter(s.origin.kind.value for s in spans))}", file=sys.stderr)

    # reference: plain diff-match-patch on the whole texts, default settings
    old_whole = "\n".join(u.text for u in units)
    new_whole = "\n".join(u.text for u in new_units)
    dmp = diff_match_patch()

    def whole_diff() -> list[tuple[int, str]]:
        result: list[tuple[int, str]] = dmp.diff_main(old_whole, new_whole)
        return result

    dmp_seconds, dmp_diffs = timed(whole_diff, runs)
    equal = sum(len(t) for op, t in dmp_diffs if op == 0)
    emit("dmp_whole_text", dmp_seconds, "s", None, runs,
         diff_timeout=dmp.Diff_Timeout, equal_share=round(equal / max(len(old_whole), 1), 4),
         ops=len(dmp_diffs))
    emit("dmp_ratio", dmp_seconds / diff_seconds, "ratio", None, runs)
    changed_chars = sum(len(s.text) for spans_ in diffs.values() for s in spans_
                        if s.op.value != "equal")
    print(f"# revision_diff: {len(diffs)} units, {changed_chars} characters changed; "
          f"diff-match-patch: {len(dmp_diffs)} ops, {equal / max(len(old_whole), 1):.1%} "
          f"of the old text equal", file=sys.stderr)

    # no targets: collisions, lineage
    seconds, found = timed(lambda: collisions(amendments), runs)
    emit("collisions", seconds, "s", None, runs, pairs=len(found))
    seconds, _ = timed(lambda: lineage(units, new_units), runs)
    emit("lineage_by_key", seconds, "s", None, runs)
    rekeyed = [replace(u, key="x" + u.key, parent=None if u.parent is None else "x" + u.parent)
               for u in new_units]
    seconds, entries = timed(lambda: lineage(units, rekeyed, by_identity=False), runs)
    emit("lineage_by_similarity", seconds, "s", None, runs)
    print(f"# lineage by similarity: {dict(Counter(e.status.value for e in entries))}",
          file=sys.stderr)

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    emit("peak_rss", peak, "MB", None, 1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
