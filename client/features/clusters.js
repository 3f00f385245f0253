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
import { summaryGroups, SUMMARY_KINDS } from "./clusters-summaries.js";

function clusterItem(processId, cluster, manage, changed) {
  const item = h("li", { "data-key": cluster.key }, userText("span", cluster.name));
  if (!manage) return item;
  const rename = h("button.small", { type: "button", "aria-label": `Rename the cluster ${cluster.name}`, on: { click: () => {
    const name = h("input", { type: "text", name: "name", value: cluster.name, required: true, maxlength: "300", dir: "auto" });
    const error = h("p.error", { role: "alert" });
    const form = h("form.inline.rename", { "aria-label": `Rename ${cluster.name}`, "data-dirty": "true",
      on: { submit: submitting(error, async () => {
        await patch(`/processes/${processId}/clusters/${encodeURIComponent(cluster.key)}`, { name: name.value });
        notify(`The cluster is now called ${name.value.trim()}.`);
        await changed();
      }) } }, field(`New name of ${cluster.name}`, name), h("button.small", { type: "submit" }, "Save"),
    h("button.small", { type: "button", on: { click: () => { form.remove(); rename.hidden = false; } } }, "Cancel"), error);
    rename.hidden = true;
    item.append(form);
    name.focus();
  } } }, "Rename");
  item.append(" ", rename);
  return item;
}

function addClusterForm(processId, changed) {
  const name = h("input", { type: "text", name: "name", required: true, maxlength: "300", dir: "auto" });
  const error = h("p.error", { role: "alert" });
  return h("form.add-cluster", { "aria-labelledby": "add-cluster-title", "data-dirty": "false",
    on: { input: (e) => { e.currentTarget.dataset.dirty = "true"; }, submit: submitting(error, async () => {
      const made = await post(`/processes/${processId}/clusters`, { name: name.value });
      notify(`The cluster ${made.name} was added.`);
      await changed();
    }) } },
  h("h4#add-cluster-title", "Add a cluster"), field("Name", name), h("button", { type: "submit" }, "Add the cluster"), error);
}

function summaryForm(processId, clusters, changed) {
  const kind = select(SUMMARY_KINDS, "session", { name: "kind" });
  const cluster = select(clusters.map((c) => [c.key, c.name]), clusters[0]?.key, { name: "cluster" });
  const clusterField = field("Cluster", cluster);
  kind.addEventListener("change", () => { clusterField.hidden = kind.value !== "session"; });
  const title = h("input", { type: "text", name: "title", required: true, maxlength: "300", dir: "auto" });
  const body = h("textarea", { name: "body", rows: 8, required: true, dir: "auto" });
  const error = h("p.error", { role: "alert" });
  return h("form.card.summary-form", { "aria-labelledby": "summary-form-title", "data-dirty": "false",
    on: { input: (e) => { e.currentTarget.dataset.dirty = "true"; }, submit: submitting(error, async () => {
      const sent = { kind: kind.value, title: title.value, body: body.value };
      if (kind.value === "session") sent.cluster = cluster.value;
      await post(`/processes/${processId}/summaries`, sent);
      notify("The summary is published.");
      await changed();
    }) } },
  h("h3#summary-form-title", "Write a summary"),
  h("p.hint", "A summary is published as written, to everyone in the process."),
  field("Kind", kind), clusterField, field("Title", title), field("Text", body),
  h("button.primary", { type: "submit" }, "Publish the summary"), error);
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
        h("h2#clusters-title", "Clusters and summaries"),
        h("div.grid",
          h("div.card", h("h3", "Thematic clusters"),
            p.clusters.length ? h("ul.clusters", p.clusters.map((c) => clusterItem(processId, c, manage, render)))
              : h("p.hint", "No cluster yet: inputs and session summaries are filed by cluster."),
            manage ? addClusterForm(processId, render) : null),
          may("summary.write") ? summaryForm(processId, p.clusters, render) : null),
        h("section", { "aria-labelledby": "summaries-title" },
          h("h3#summaries-title", `Summaries (${summaries.length})`),
          summaries.length === 0 ? h("p", "No summary yet.") : null,
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
