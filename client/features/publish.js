// Publishing the working copy as the next revision: the server's dry run of the publication
// (what it would reflect, carry and overtake), confirmed in a panel, then the published text.
import { h, field } from "../lib/dom.js";
import { get, post } from "../lib/api.js";
import { amendmentsById } from "../lib/amendment-lookup.js";
import { notify, errorText, confirmPanel } from "../lib/ui.js";
import { state } from "../lib/state.js";
import { previewSections, previewSentence, amendmentLine, unitNames, publishedNotice } from "./publish-preview.js";
import { t } from "../lib/i18n.js";

/** The "Publish the next revision" card of the working copy. */
export function publishForm(processId, doc, wc, published) {
  const label = h("input#publish-label", { type: "text", placeholder: `Rev.${wc.sequence}` });
  const box = h("div#publish-box");
  return h("form.card.publish", {
    on: { submit: async (e) => { e.preventDefault(); await review(processId, doc, wc, published, label.value, box); } },
  }, h("h3", t("admin.publish.title")),
  field(t("admin.publish.label"), label, t("admin.publish.labelHint")),
  h("button.primary#publish-preview", { type: "submit" }, t("admin.publish.review")), box);
}

async function review(processId, doc, wc, published, label, box) {
  box.replaceChildren(h("p", t("admin.publish.asking")));
  const body = { base_version: wc.version, label: label || null };
  let preview;
  try {
    preview = await post(`/documents/${doc.id}/revisions/preview`, body);
  } catch (err) {
    box.replaceChildren(h("p.error", { role: "alert" }, errorText(err)));
    if (err.status === 409) await state.view?.refresh();
    return;
  }
  const sections = previewSections(preview);
  const byId = await amendmentsById(sections.flatMap((s) => s.ids), [], (id) => get(`/amendments/${id}`));
  const names = unitNames(published?.units, wc.units);
  const summary = h("div#publish-summary",
    h("p", previewSentence(preview)),
    sections.map((s) => [h("h4", s.title),
      s.ids.length ? h("ul", s.ids.map((id) => h("li", amendmentLine(byId.get(id), id, names)))) : h("p", t("admin.publish.none"))]));
  box.replaceChildren();
  const ok = await confirmPanel(box, preview.revision?.label ? t("admin.publish.question", { label: preview.revision.label })
    : t("admin.publish.questionNext"), summary, t("admin.publish.publish"));
  if (!ok) { box.replaceChildren(); return; }
  try {
    const result = await post(`/documents/${doc.id}/revisions`, body);
    notify(publishedNotice(result));
    state.invalidate();
    location.hash = `#/p/${processId}/text/${doc.id}/${(result.revision ?? result).sequence}`;
  } catch (err) {
    notify(errorText(err), "error");
    await state.view?.refresh();
  }
}
