// Consultation inputs by cluster, with the summaries written of them, and submitting an input
// (where the server offers it).
import { h, userText, field, select, screenRoot } from "../lib/dom.js";
import { get, post } from "../lib/api.js";
import { notify, errorText } from "../lib/ui.js";
import { state, enterProcess, setView, may } from "../lib/state.js";
import { processNav } from "./process-nav.js";
import { byCluster, inputMeta, inputKinds } from "./consultation-inputs.js";
import { t } from "../lib/i18n.js";

export async function consultation(processId, q) {
  const render = async () => {
    const root = screenRoot();
    const p = await enterProcess(processId);
    const cluster = q.get("cluster") ?? "";
    const [inputs, summaries] = await Promise.all([
      get(`/processes/${processId}/inputs`, { cluster }), get(`/processes/${processId}/summaries`).catch(() => [])]);
    const names = Object.fromEntries(p.clusters.map((c) => [c.key, c.name]));
    const fCluster = select([["", t("admin.consultation.allClusters")], ...p.clusters.map((c) => [c.key, c.name])], cluster, { name: "cluster" });
    const filter = h("form.filters", {
      on: { submit: (e) => { e.preventDefault(); location.hash = `#/p/${processId}/consultation?cluster=${encodeURIComponent(fCluster.value)}`; } },
    }, field(t("admin.consultation.cluster"), fCluster), h("button", { type: "submit" }, t("admin.consultation.show")));
    root.replaceChildren(processNav("consultation"),
      h("section", { "aria-labelledby": "cons-title" },
        h("h2#cons-title", t("admin.consultation.title")), filter,
        may("input.submit") ? inputForm(processId, p) : null,
        Object.entries(byCluster(inputs)).map(([key, items]) => h("section.card",
          h("h3", names[key] ?? key),
          summaries.filter((s) => s.cluster === key).map((s) => h("div.summary-box", h("h4", t("admin.consultation.summary"), " ", userText("span", s.title)), userText("p", s.body))),
          h("ul.inputs", items.map((i) => h("li",
            h("h4", userText("span", i.title)), h("p.small", inputMeta(i)),
            userText("p", i.body)))))),
        inputs.length === 0 ? h("p", t("admin.consultation.noInput")) : null));
  };
  setView(render);
  await render();
}

function inputForm(processId, p) {
  const title = h("input", { type: "text", required: true, dir: "auto" });
  const body = h("textarea", { rows: 4, required: true, dir: "auto" });
  const cluster = select(p.clusters.map((c) => [c.key, c.name]), p.clusters[0]?.key);
  const kinds = inputKinds();
  const kind = select(kinds, kinds[0][0]);
  return h("form.card", {
    "data-dirty": "false",
    on: {
      input: (e) => { e.currentTarget.dataset.dirty = "true"; },
      submit: async (e) => {
        e.preventDefault();
        try {
          await post(`/processes/${processId}/inputs`, { title: title.value, body: body.value, cluster: cluster.value, kind: kind.value });
          notify(t("admin.consultation.submitted"));
          e.target.dataset.dirty = "false";
        } catch (err) { notify(errorText(err), "error"); }
        await state.view?.refresh();
      },
    },
  }, h("h3", t("admin.consultation.submitTitle")), field(t("admin.consultation.inputTitle"), title),
  field(t("admin.consultation.cluster"), cluster), field(t("admin.consultation.kind"), kind), field(t("admin.consultation.text"), body),
  h("button.primary", { type: "submit" }, t("admin.consultation.submit")));
}
