// The search screen (#/p/N/search?q=...): what the person may see that holds the words, by
// kind (paragraphs of any revision, amendments, consultation inputs, summaries), each with its
// matched words marked and a link to its place; more of one kind on request. With
// &language=fr, the paragraphs as they read in that language (a picker offers the languages
// the server lists for the person), each hit in its language's direction.
import { t } from "../lib/i18n.js";
import { h, userText, field, select, screenRoot } from "../lib/dom.js";
import { get } from "../lib/api.js";
import { errorText } from "../lib/ui.js";
import { stateLabel } from "../lib/labels.js";
import { state, enterProcess, setView } from "../lib/state.js";
import { revisionOptions } from "../lib/revisions.js";
import { processNav } from "./process-nav.js";
import { HIT_KINDS, groupCount, groupHeading, hitLanguage, hitMeta, kindChoice, languageOptions, resultLine, searchFilters, searchHref, searchQuery, snippetPieces } from "./search-results.js";

/** A hit's snippet: text nodes, the matched words in <mark> (textContent only). */
function snippetNode(hit) {
  return h("p.search-snippet", { dir: hitLanguage(hit) ? null : "auto" }, snippetPieces(hit).map((p) => {
    if (!p.mark) return p.text;
    const mark = h("mark");
    mark.textContent = p.text;
    return mark;
  }));
}

/**
 * A hit; found in a language, the hit carries that language's lang and direction (Arabic
 * right to left), while its title and meta line stay in the interface's words.
 */
function hitItem(hit, languages) {
  const meta = hitMeta(hit, stateLabel, languages);
  const shown = hitLanguage(hit, languages);
  const own = shown ? { lang: document.documentElement.lang || "en", dir: "auto" } : {};
  return h("li.search-hit", shown ? { lang: shown.lang, dir: shown.dir, "data-language": shown.lang } : {},
    h("a.search-title", { href: hit.href, ...own }, userText("span", hit.title)),
    meta ? h("p.small", own, meta) : null,
    snippetNode(hit));
}

function groupSection(processId, filters, group, languages) {
  const hitOf = (hit) => hitItem(hit, languages);
  const list = h("ol.search-hits", group.hits.map(hitOf));
  let next = group.next_offset;
  const more = h("button", { type: "button" }, t("reading.search.more"));
  more.addEventListener("click", async () => {
    more.disabled = true;
    try {
      const page = await get(`/processes/${processId}/search`, searchQuery({ ...filters, kind: group.kind }, next));
      const found = page.groups.find((g) => g.kind === group.kind);
      list.append(...found.hits.map(hitOf));
      next = found.next_offset;
      more.disabled = false;
      if (next === null) more.remove();
    } catch (e) {
      more.replaceWith(h("p.error", { role: "alert" }, errorText(e)));
    }
  });
  const id = `hits-${group.kind}`;
  return h("section.card.search-group", { "aria-labelledby": id, "data-kind": group.kind },
    h(`h3#${id}`, groupHeading(group.kind), " ", h("span.small", `(${groupCount(group)})`)),
    group.hits.length ? list : null,
    next !== null ? more : null);
}

export async function search(processId, q) {
  const render = async () => {
    const root = screenRoot();
    await enterProcess(processId);
    const filters = searchFilters(q);
    const box = h("input#search-q", { type: "search", value: filters.q, required: true, maxlength: "200", dir: "auto" });
    const kind = select([["", t("reading.search.everything")], ...HIT_KINDS.map((k) => [k, groupHeading(k)])], filters.kind, { id: "search-kind" });
    // In a language only paragraphs are searched: the choice says so, and comes back without one.
    let kindAsked = filters.kind;
    kind.addEventListener("change", () => { kindAsked = kind.value; });
    const kindHint = h("small.hint#search-kind-hint", { hidden: true });
    const showKind = (language) => {
      const choice = kindChoice(kindAsked, language);
      kind.value = choice.value;
      kind.disabled = choice.disabled;
      kindHint.textContent = choice.hint ?? "";
      kindHint.hidden = !choice.hint;
      if (choice.hint) kind.setAttribute("aria-describedby", kindHint.id);
      else kind.removeAttribute("aria-describedby");
    };
    const doc = state.documents[0];
    const revision = select([["", t("reading.search.everyRevision")], ...(doc ? revisionOptions(doc) : [])], filters.revision ?? "", { id: "search-revision" });
    // The languages the texts the person may see can be searched in, as the server lists them.
    let languages = [];
    try {
      languages = (await get(`/processes/${processId}/search/languages`)).languages;
    } catch {
      languages = [];
    }
    const picker = languages.length > 1 || (filters.language && languages.length)
      ? select(languageOptions(languages), filters.language, { id: "search-language" })
      : null;
    showKind(picker ? filters.language : "");
    picker?.addEventListener("change", () => showKind(picker.value));
    const form = h("form.filters.search-form", {
      role: "search",
      on: { submit: (e) => { e.preventDefault(); location.hash = searchHref(processId, { q: box.value.trim(), kind: kind.disabled ? "" : kind.value, revision: revision.value, language: picker?.value ?? "" }); } },
    }, field(t("reading.search.searchFor"), box, t("reading.search.hint")),
    h("div.field", h("label", { for: kind.id }, t("reading.search.in")), kind, kindHint),
    field(t("reading.search.paragraphsOf"), revision),
    picker ? field(t("languages.search.language"), picker, t("languages.search.hint")) : null,
    h("button.primary", { type: "submit" }, t("common.search")));
    let body;
    if (!filters.q) {
      body = h("p.hint", t("reading.search.typeSomething"));
    } else {
      try {
        const result = await get(`/processes/${processId}/search`, searchQuery(filters));
        body = h("div#search-results",
          h("p.summary#search-summary", { role: "status" }, resultLine(result)),
          result.groups.map((g) => groupSection(processId, filters, g, languages)));
      } catch (e) {
        body = h("p.error#search-error", { role: "alert" }, errorText(e));
      }
    }
    root.replaceChildren(processNav("search"),
      h("section", { "aria-labelledby": "search-title" }, h("h2#search-title", t("common.search")), form, body));
  };
  setView(render);
  await render();
}
