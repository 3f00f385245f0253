// The search screen (#/p/N/search?q=...): what the person may see that holds the words, by
// kind (paragraphs of any revision, amendments, consultation inputs, summaries), each with its
// matched words marked and a link to its place; more of one kind on request.
import { t } from "../lib/i18n.js";
import { h, userText, field, select, screenRoot } from "../lib/dom.js";
import { get } from "../lib/api.js";
import { errorText } from "../lib/ui.js";
import { stateLabel } from "../lib/labels.js";
import { state, enterProcess, setView } from "../lib/state.js";
import { revisionOptions } from "../lib/revisions.js";
import { processNav } from "./process-nav.js";
import { HIT_KINDS, groupCount, groupHeading, hitMeta, resultLine, searchFilters, searchHref, searchQuery, snippetPieces } from "./search-results.js";

/** A hit's snippet: text nodes, the matched words in <mark> (textContent only). */
function snippetNode(hit) {
  return h("p.search-snippet", { dir: "auto" }, snippetPieces(hit).map((p) => {
    if (!p.mark) return p.text;
    const mark = h("mark");
    mark.textContent = p.text;
    return mark;
  }));
}

function hitItem(hit) {
  const meta = hitMeta(hit, stateLabel);
  return h("li.search-hit",
    h("a.search-title", { href: hit.href }, userText("span", hit.title)),
    meta ? h("p.small", meta) : null,
    snippetNode(hit));
}

function groupSection(processId, filters, group) {
  const list = h("ol.search-hits", group.hits.map(hitItem));
  let next = group.next_offset;
  const more = h("button", { type: "button" }, t("reading.search.more"));
  more.addEventListener("click", async () => {
    more.disabled = true;
    try {
      const page = await get(`/processes/${processId}/search`, searchQuery({ ...filters, kind: group.kind }, next));
      const found = page.groups.find((g) => g.kind === group.kind);
      list.append(...found.hits.map(hitItem));
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
    const doc = state.documents[0];
    const revision = select([["", t("reading.search.everyRevision")], ...(doc ? revisionOptions(doc) : [])], filters.revision ?? "", { id: "search-revision" });
    const form = h("form.filters.search-form", {
      role: "search",
      on: { submit: (e) => { e.preventDefault(); location.hash = searchHref(processId, { q: box.value.trim(), kind: kind.value, revision: revision.value }); } },
    }, field(t("reading.search.searchFor"), box, t("reading.search.hint")),
    field(t("reading.search.in"), kind), field(t("reading.search.paragraphsOf"), revision), h("button.primary", { type: "submit" }, t("common.search")));
    let body;
    if (!filters.q) {
      body = h("p.hint", t("reading.search.typeSomething"));
    } else {
      try {
        const result = await get(`/processes/${processId}/search`, searchQuery(filters));
        body = h("div#search-results",
          h("p.summary#search-summary", { role: "status" }, resultLine(result)),
          result.groups.map((g) => groupSection(processId, filters, g)));
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
