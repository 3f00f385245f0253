// The unit panel's "Who put each word there": the paragraph coloured by origin, and the
// origins listed in words.
import { h, userText } from "../lib/dom.js";
import { get } from "../lib/api.js";
import { errorText } from "../lib/ui.js";
import { revisionLabel } from "../lib/revisions.js";
import { originKey, originText, groupOrigins, quotedWords } from "./attribution-origins.js";
import { t } from "../lib/i18n.js";

export async function unitAttribution(box, doc, rev, unit) {
  let data;
  try {
    data = await get(`/documents/${doc.id}/units/${encodeURIComponent(unit.key)}/attribution`, { revision: rev.sequence });
  } catch (e) {
    box.append(h("p", e.status === 404 ? t("admin.attribution.none") : t("admin.attribution.unavailable", { error: errorText(e) })));
    return;
  }
  const origins = groupOrigins(data.spans);
  const textNode = h("p#attributed-text.unit-text.attributed", { dir: "auto", "aria-describedby": "attribution-list-title" });
  for (const span of data.spans) {
    const o = origins.get(originKey(span.origin));
    const node = h(`span.origin.${o.cls}`, { "data-origin": String(o.n), title: originText(doc, span.origin) });
    node.textContent = span.text;
    textNode.append(node);
  }
  const only = origins.size === 1 ? [...origins.values()][0] : null;
  box.append(
    h("p.small", t("admin.attribution.asOf", { revision: revisionLabel(doc, data.sequence) }), " ",
      only ? t("admin.attribution.everyWord", { origin: originText(doc, only.origin) }) : t("admin.attribution.colours")),
    textNode,
    h("p#attribution-list-title.small", t("admin.attribution.listTitle")),
    h("ul#attribution-list.origin-legend", [...origins.values()].map((o) => h("li", { "data-origin": String(o.n) },
      h(`span.swatch.${o.cls}`, { "aria-hidden": "true" }), h("strong", t("admin.attribution.originLabel", { origin: originText(doc, o.origin) }), " "),
      userText("span", quotedWords(o.words), "origin-words")))));
}
