// The screen "Renumber the working copy" (#/p/N/renumber/D): the server's preview of every
// paragraph whose number would change (OP12 bis -> OP13), shown before anything is saved, then
// Renumber with the version previewed (refused if the working copy changed meanwhile: the
// preview is shown again). Offered to whom the server lets edit the working copy.
import { h, screenRoot } from "../lib/dom.js";
import { get, post } from "../lib/api.js";
import { notify, errorText, confirmPanel } from "../lib/ui.js";
import { state, enterProcess, setView } from "../lib/state.js";
import { processNav } from "./process-nav.js";
import { renumberSummary } from "./renumber-preview.js";
import { t } from "../lib/i18n.js";

export async function renumberScreen(processId, documentId) {
  const render = async () => {
    const root = screenRoot();
    await enterProcess(processId);
    const preview = await get(`/documents/${documentId}/working-copy/renumber/preview`);
    const error = h("p.error", { role: "alert" });
    const actions = h("div.actions");
    const table = preview.changes.length ? h("table.renumber-preview",
      h("caption", t("admin.renumber.caption")),
      h("thead", h("tr", h("th", { scope: "col" }, t("admin.renumber.now")), h("th", { scope: "col" }, t("admin.renumber.after")))),
      h("tbody", preview.changes.map((c) => h("tr", { "data-key": c.key }, h("td", c.before), h("td", c.after))))) : null;
    const button = h("button.primary#renumber-confirm", { type: "button", disabled: preview.changes.length === 0, on: { click: async () => {
      error.textContent = "";
      const sure = await confirmPanel(actions, t("admin.renumber.question"),
        h("p", renumberSummary(preview)), t("admin.renumber.renumber"));
      if (!sure) return;
      try {
        await post(`/documents/${documentId}/working-copy/renumber`, { base_version: preview.version });
        state.invalidate();
        notify(renumberSummary(preview, { done: true }));
        location.hash = `#/p/${processId}/working/${documentId}`;
      } catch (e) {
        error.textContent = errorText(e);
        if (e.status === 409) await render();
      }
    } } }, t("admin.renumber.renumber"));
    actions.append(button, h("a.button", { href: `#/p/${processId}/working/${documentId}` }, t("admin.renumber.back")));
    root.replaceChildren(processNav("renumber"),
      h("section.card", { "aria-labelledby": "renumber-title" },
        h("h2#renumber-title", t("admin.renumber.title")),
        h("p", t("admin.renumber.explained")),
        h("p.renumber-summary", renumberSummary(preview)),
        table, actions, error));
  };
  setView(render);
  await render();
}
