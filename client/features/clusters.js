// The screen "Clusters and summaries" (#/p/N/clusters): the process's thematic clusters (adding
// and renaming one for whom the server allows "process.configure") and the summaries of the
// consultation (writing a session summary of one cluster, or the stocktaking summary, for whom
// it allows "summary.write"). Summaries are published as written: there is no editing them.
import { h, userText, screenRoot, field, select } from "../lib/dom.js";
import { get, patch, post } from "../lib/api.js";
import { notify, submitting } from "../lib/ui.js";
import { fmtDate } from "../lib/format.js";
import { enterProcess, setView, may } from "../lib/state.js";
import { processNav, freshlyDrawn } from "./process-nav.js";
import { summaryGroups, summaryKinds } from "./clusters-summaries.js";
import { t } from "../lib/i18n.js";

function clusterItem(processId, cluster, manage, changed) {
  const item = h("li", { "data-key": cluster.key }, userText("span", cluster.name));
  if (!manage) return item;
  const rename = h("button.small", { type: "button", "aria-label": t("admin.clusters.renameCluster", { name: cluster.name }), on: { click: () => {
    const name = h("input", { type: "text", name: "name", value: cluster.name, required: true, maxlength: "300", dir: "auto" });
    const error = h("p.error", { role: "alert" });
    const form = h("form.inline.rename", { "aria-label": t("admin.clusters.renameOf", { name: cluster.name }), "data-dirty": "true",
      on: { submit: submitting(error, async () => {
        await patch(`/processes/${processId}/clusters/${encodeURIComponent(cluster.key)}`, { name: name.value });
        notify(t("admin.clusters.renamed", { name: name.value.trim() }));
        await changed();
      }) } }, field(t("admin.clusters.newNameOf", { name: cluster.name }), name), h("button.small", { type: "submit" }, t("admin.clusters.save")),
    h("button.small", { type: "button", on: { click: () => { form.remove(); rename.hidden = false; } } }, t("admin.clusters.cancel")), error);
    rename.hidden = true;
    item.append(form);
    name.focus();
  } } }, t("admin.clusters.rename"));
  item.append(" ", rename);
  return item;
}

function addClusterForm(processId, changed) {
  const name = h("input", { type: "text", name: "name", required: true, maxlength: "300", dir: "auto" });
  const error = h("p.error", { role: "alert" });
  return h("form.add-cluster", { "aria-labelledby": "add-cluster-title", "data-dirty": "false",
    on: { input: (e) => { e.currentTarget.dataset.dirty = "true"; }, submit: submitting(error, async () => {
      const made = await post(`/processes/${processId}/clusters`, { name: name.value });
      notify(t("admin.clusters.added", { name: made.name }));
      await changed();
    }) } },
  h("h4#add-cluster-title", t("admin.clusters.addTitle")), field(t("admin.clusters.name"), name),
  h("button", { type: "submit" }, t("admin.clusters.add")), error);
}

function summaryForm(processId, clusters, changed) {
  const kind = select(summaryKinds(), "session", { name: "kind" });
  const cluster = select(clusters.map((c) => [c.key, c.name]), clusters[0]?.key, { name: "cluster" });
  const clusterField = field(t("admin.clusters.cluster"), cluster);
  kind.addEventListener("change", () => { clusterField.hidden = kind.value !== "session"; });
  const title = h("input", { type: "text", name: "title", required: true, maxlength: "300", dir: "auto" });
  const body = h("textarea", { name: "body", rows: 8, required: true, dir: "auto" });
  const error = h("p.error", { role: "alert" });
  return h("form.card.summary-form", { "aria-labelledby": "summary-form-title", "data-dirty": "false",
    on: { input: (e) => { e.currentTarget.dataset.dirty = "true"; }, submit: submitting(error, async () => {
      const sent = { kind: kind.value, title: title.value, body: body.value };
      if (kind.value === "session") sent.cluster = cluster.value;
      await post(`/processes/${processId}/summaries`, sent);
      notify(t("admin.clusters.published"));
      await changed();
    }) } },
  h("h3#summary-form-title", t("admin.clusters.writeTitle")),
  h("p.hint", t("admin.clusters.writeHint")),
  field(t("admin.clusters.kind"), kind), clusterField, field(t("admin.clusters.title"), title), field(t("admin.clusters.text"), body),
  h("button.primary", { type: "submit" }, t("admin.clusters.publish")), error);
}

export async function clusters(processId) {
  const render = async () => {
    const root = screenRoot();
    const p = await enterProcess(processId);
    const summaries = may("input.view") ? await get(`/processes/${processId}/summaries`) : [];
    const manage = may("process.configure");
    const groups = summaryGroups(p.clusters, summaries);
    root.replaceChildren(processNav("clusters"),
      h("section", { "aria-labelledby": "clusters-title" },
        h("h2#clusters-title", t("admin.clusters.screenTitle")),
        h("div.grid",
          h("div.card", h("h3", t("admin.clusters.thematic")),
            p.clusters.length ? h("ul.clusters", p.clusters.map((c) => clusterItem(processId, c, manage, render)))
              : h("p.hint", t("admin.clusters.noCluster")),
            manage ? addClusterForm(processId, render) : null),
          may("summary.write") ? summaryForm(processId, p.clusters, render) : null),
        h("section", { "aria-labelledby": "summaries-title" },
          h("h3#summaries-title", t("admin.clusters.summaries", { count: summaries.length })),
          summaries.length === 0 ? h("p", t("admin.clusters.noSummary")) : null,
          groups.map((g) => h("section.card.summary-group",
            h("h4", g.title),
            g.summaries.map((s) => h("article.summary-box",
              h("h5", userText("span", s.title)),
              h("p.small", h("time", { datetime: s.created_at }, fmtDate(s.created_at))),
              userText("p", s.body))))))));
    freshlyDrawn();
  };
  setView(render);
  await render();
}
