// The parallel view (#/p/N/parallel/D/SEQ?langs=en,fr,ar): a revision in two or more of the UN
// languages side by side, aligned per paragraph; each column carries its language (lang) and
// direction (Arabic right to left); a translation's state is said in words. Columns stack on
// narrow screens (the grid fits as many as the width allows). With &unit=<key> (a search hit)
// it opens at that paragraph: scrolled to, outlined, marked aria-current and focused.
import { h, userText, screenRoot } from "../lib/dom.js";
import { get } from "../lib/api.js";
import { errorText } from "../lib/ui.js";
import { enterProcess, setView } from "../lib/state.js";
import { processNav } from "./process-nav.js";
import { t } from "../lib/i18n.js";
import { nameOf } from "../lib/names.js";
import { pickLanguages, parallelHref, targetUnit, cellNote, cellNumber, countLine, languageExports, compareHref } from "./parallel-view.js";
import { translationsHref } from "./translations-view.js";

function grid(node) {
  node.style.display = "grid";
  node.style.gridTemplateColumns = "repeat(auto-fit, minmax(min(100%, 16rem), 1fr))";
  node.style.gap = "0.5rem 1.5rem";
  return node;
}

function cellNode(row, cell, language) {
  const number = cellNumber(row, cell);
  const note = cellNote(cell);
  const text = cell.text ?? "";
  const body = row.kind === "section"
    ? userText("h3.parallel-heading", text)
    : h("p.parallel-text", number ? h("span.parallel-number", number, " ") : null, userText("span", text));
  const node = h("div.parallel-cell", { lang: language.code, dir: language.direction,
    "data-status": cell.status, "data-out-of-date": cell.out_of_date ? "true" : "false" },
  h("span.small.parallel-language", language.name),
  cell.status === "missing" ? null : body,
  // The note is the interface's words, not the column's language.
  note ? h("p.small.parallel-note", { lang: document.documentElement.lang || "en", dir: "auto" }, note) : null);
  if (cell.out_of_date || cell.status === "missing") {
    node.style.borderInlineStart = "3px dashed currentColor";
    node.style.paddingInlineStart = "0.5rem";
  }
  return node;
}

function rowNode(row, languages, target) {
  const byLang = new Map(row.cells.map((c) => [c.language, c]));
  const aimed = row.key === target;
  const node = grid(h("li.parallel-row", { "aria-label": nameOf(row.name_parts, row.name) || null, "data-key": row.key,
    // The paragraph the view was opened at (a search hit): marked, and focusable to be focused.
    ...(aimed ? { "aria-current": "location", tabindex: "-1" } : {}) },
  languages.map((language) => cellNode(row, byLang.get(language.code), language))));
  node.style.marginInlineStart = `${Math.min(row.depth, 4) * 1}rem`;
  node.style.padding = "0.4rem 0";
  node.style.borderBlockEnd = "1px solid #ddd";
  if (aimed) {
    node.classList.add("parallel-target");
    node.style.outline = "3px solid var(--accent)";
    node.style.outlineOffset = "2px";
    node.style.background = "#eef4fb";
  }
  return node;
}

function picker(processId, documentId, sequence, view, target) {
  const boxes = view.available.map((language) => {
    const box = h("input", { type: "checkbox", name: "lang", value: language.code,
      checked: view.languages.some((l) => l.code === language.code) });
    const label = h("label.parallel-pick", box, " ", h("bdi", { lang: language.code }, language.name));
    label.style.marginInlineEnd = "1rem";
    return label;
  });
  return h("form.filters.parallel-languages", {
    "aria-label": t("languages.parallel.pickLabel"),
    on: { submit: (e) => {
      e.preventDefault();
      const picked = boxes.map((b) => b.querySelector("input")).filter((i) => i.checked).map((i) => i.value);
      location.hash = parallelHref(processId, documentId, sequence, pickLanguages(picked.join(","), view.source_language), target);
    } },
  }, h("fieldset", h("legend", t("languages.parallel.pick")), boxes),
  h("button.primary", { type: "submit" }, t("languages.parallel.show")));
}

export async function parallel(processId, documentId, sequence, q) {
  let landed = false;
  const render = async () => {
    const root = screenRoot();
    await enterProcess(processId);
    let body;
    let target = null;
    try {
      const view = await get(`/documents/${documentId}/revisions/${sequence}/languages`,
        { langs: pickLanguages(q.get("langs"), "en").join(",") });
      target = targetUnit(q, view.rows);
      const names = new Map(view.languages.map((l) => [l.code, l.name]));
      const header = grid(h("div.parallel-row.parallel-header", { "aria-hidden": "true" },
        view.languages.map((l) => h("strong", { lang: l.code, dir: l.direction }, l.name))));
      // The secretariat's page for this revision's translations, when the server says they may.
      const other = view.languages.find((l) => l.code !== view.source_language)?.code;
      body = h("div",
        view.actions.includes("edit")
          ? h("p", h("a.translations-link", { href: translationsHref(processId, documentId, sequence, other) }, t("languages.link.translations")))
          : null,
        picker(processId, documentId, sequence, view, target),
        h("ul.parallel-exports", view.languages.map((l) => h("li",
          t("languages.export.download", { language: l.name }), " ",
          languageExports(documentId, sequence, l.code).map((e, i) => [i ? " · " : "",
            h("a", { href: e.href, download: "", "data-format": e.format, "data-language": l.code }, t(`languages.export.${e.format}`))]),
          // Diffs in each language: this revision against the one before, in this language.
          sequence > 0 ? [" · ", h("a.parallel-compare", { href: compareHref(processId, documentId, sequence, l.code), "data-language": l.code },
            t("languages.parallel.compare", { language: l.name }))] : null)),
          h("li", h("a", { href: `/api/v1/documents/${documentId}/revisions/${sequence}/export?format=akn&language=all`, download: "", "data-format": "akn", "data-language": "all" },
            t("languages.export.all")))),
        h("ul.parallel-counts", view.counts.map((c) => h("li", h("bdi", { lang: c.language }, names.get(c.language)), countLine(c)))),
        header,
        h("ol.parallel-rows", { "aria-label": t("languages.parallel.rows") },
          view.rows.filter((r) => r.kind !== "preamble").map((r) => rowNode(r, view.languages, target))));
      body.querySelector(".parallel-rows").style.listStyle = "none";
      body.querySelector(".parallel-rows").style.paddingInlineStart = "0";
    } catch (e) {
      body = h("p.error#parallel-error", { role: "alert" }, errorText(e));
    }
    const shown = root.replaceChildren(processNav("parallel"),
      h("section", { "aria-labelledby": "parallel-title" },
        h("h2#parallel-title", t("languages.parallel.title", { revision: sequence })), body));
    // Opened at a paragraph: scrolled to it and focused, so that a keyboard goes on from there.
    // Once: a later redrawing (the interface's language, the live room) leaves the reader where they are.
    const aimed = shown && target && !landed ? body.querySelector(".parallel-target") : null;
    if (aimed) {
      landed = true;
      aimed.scrollIntoView({ block: "center" });
      aimed.focus({ preventScroll: true });
    }
  };
  setView(render);
  await render();
}
