// Publishing the working copy as the next revision: the review of what it reflects and may
// overtake, confirmed in a panel, then the published text.
import { h, field } from "../lib/dom.js";
import { get, post } from "../lib/api.js";
import { STATE_LABELS } from "../lib/labels.js";
import { notify, errorText, confirmPanel } from "../lib/ui.js";
import { state, isCofac } from "../lib/state.js";
import { publishPreview, publishedNotice } from "./publish-preview.js";

/** The "Publish the next revision" card of the working copy. */
export function publishForm(processId, doc, wc, published) {
  const label = h("input#publish-label", { type: "text", placeholder: `Rev.${wc.sequence}` });
  const box = h("div#publish-box");
  return h("form.card.publish", {
    on: { submit: async (e) => { e.preventDefault(); await review(processId, doc, wc, published, label.value, box); } },
  }, h("h3", "Publish the next revision"),
  field("Label", label, "Empty: the next in sequence (Zero draft, Rev.1, Rev.2...)."),
  h("button.primary#publish-preview", { type: "submit", disabled: !isCofac() }, "Review before publishing"), box);
}

async function review(processId, doc, wc, published, label, box) {
  box.replaceChildren(h("p", "Working out what this revision reflects…"));
  const all = await get(`/processes/${processId}/amendments`, { document: doc.id, limit: 500 });
  const { reflected, touched, changedUnits, removed } = publishPreview(all, published, wc);
  const summary = h("div#publish-summary",
    h("p", `${changedUnits} units changed or new, ${removed} removed since ${published?.label ?? "nothing"}.`),
    h("h4", `Reflects ${reflected.length} amendment(s)`),
    reflected.length ? h("ul", reflected.map((a) => h("li", `#${a.id} ${a.delegation} on ${a.unit} (${STATE_LABELS[a.state]})`))) : h("p", "None."),
    h("h4", `May overtake ${touched.length} open amendment(s)`),
    h("p.small", "Submitted amendments on units this revision rewrites or removes: each either still applies, conflicts or is overtaken."),
    touched.length ? h("ul", touched.map((a) => h("li", `#${a.id} ${a.delegation} on ${a.unit}`))) : h("p", "None."));
  box.replaceChildren();
  const ok = await confirmPanel(box, `Publish ${label || "the next revision"}?`, summary, "Publish");
  if (!ok) { box.replaceChildren(); return; }
  try {
    const result = await post(`/documents/${doc.id}/revisions`, { base_version: wc.version, label: label || null });
    notify(publishedNotice(result));
    state.invalidate();
    location.hash = `#/p/${processId}/text/${doc.id}/${(result.revision ?? result).sequence}`;
  } catch (err) {
    notify(errorText(err), "error");
    await state.view?.refresh();
  }
}
