// Co-facilitators' and secretariat's views: compilation, working copy and publishing,
// phases, silence procedures and who is online.
import { h, $, userText, field, select, fmtDate, countBrackets,
  STATUS_LABELS, STATE_LABELS, PHASE_LABELS } from "./dom.js";
import { get, post, patch } from "./api.js";
import { notify, errorText, diffSpans, statusBadge, stateBadge, confirmPanel } from "./ui.js";
import { state, enterProcess, delegations, isCofac, isStaff, latestRevision } from "./state.js";
import { processNav, setView, amendmentCard, renderUnitRow, legend } from "./views.js";
import * as live from "./live.js";

const view = () => $("#view");

// ---- compilation -------------------------------------------------------------------------

/** The latest revision with every proposal inlined and attributed (built from the list). */
export async function compilation(processId, docId, q) {
  // Which view: the inline one built from the amendment list, or the server's UN text.
  let mode = q.get("view") === "un" ? "un" : "inline";
  const render = async () => {
    await enterProcess(processId);
    const doc = state.documents.find((d) => d.id === docId);
    const latest = latestRevision(doc);
    if (!latest) throw new Error("No published revision yet.");
    const seq = Number(q.get("seq") ?? latest.sequence);
    const rev = await get(`/documents/${docId}/revisions/${seq}`);
    const filters = { delegation: q.get("delegation") ?? "", state: q.get("state") ?? "submitted", cluster: q.get("cluster") ?? "" };
    let list = [];
    try {
      list = await get(`/processes/${processId}/amendments`, { document: docId, delegation: filters.delegation, state: filters.state, limit: 500 });
    } catch (e) { if (e.status !== 403) throw e; }
    list = list.filter((a) => a.revision_id === rev.id || filters.state !== "submitted");
    if (filters.cluster) list = list.filter((a) => a.cluster === filters.cluster);
    const byUnit = {};
    for (const a of list) (byUnit[a.unit] ??= []).push(a);
    const dels = await delegations();
    const fDel = select([["", "All delegations"], ...dels.map((d) => [d.code, `${d.name} (${d.code})`])], filters.delegation, { name: "delegation" });
    const fState = select([["", "All states"], ...Object.entries(STATE_LABELS)], filters.state, { name: "state" });
    const fCluster = select([["", "All clusters"], ...state.process.clusters.map((c) => [c.key, c.name])], filters.cluster, { name: "cluster" });
    const fSeq = select(doc.revisions.map((r) => [r.sequence, r.label]), seq, { name: "seq" });
    const form = h("form.filters", {
      on: {
        submit: (e) => {
          e.preventDefault();
          const params = new URLSearchParams({ seq: fSeq.value, delegation: fDel.value, state: fState.value, cluster: fCluster.value, view: mode });
          location.hash = `#/p/${processId}/compilation/${docId}?${params}`;
        },
      },
    }, field("Base revision", fSeq), field("Delegation", fDel), field("Cluster", fCluster,
      "The thematic cluster the proponent named."), field("State", fState), h("button", { type: "submit" }, "Filter"));
    const textBox = h("div.text.compilation", { role: "list" });
    for (const unit of rev.units) {
      const proposals = byUnit[unit.key] ?? [];
      const extra = proposals.length ? h("ul.inline-amendments", proposals.map((a) => h("li", amendmentCard(a)))) : null;
      const row = renderUnitRow(unit, { extra, onSelect: (key) => { location.hash = `#/p/${processId}/text/${docId}/${seq}?unit=${encodeURIComponent(key)}`; } });
      row.setAttribute("role", "listitem");
      textBox.append(row);
    }
    // The UN compilation text, as the server prints it, with the same filters.
    const unBox = h("div#un-compilation", { "aria-labelledby": "un-title" });
    const inlineBox = h("div#inline-compilation", legend(), textBox);
    const loadUn = async () => {
      if (unBox.dataset.loaded) return;
      unBox.dataset.loaded = "true";
      unBox.replaceChildren(h("p", "Loading the compilation text…"));
      try {
        const params = new URLSearchParams();
        if (filters.delegation) params.append("delegation", filters.delegation);
        if (filters.cluster) params.append("cluster", filters.cluster);
        if (filters.state) params.append("state", filters.state);
        const qs = params.toString();
        const comp = await get(`/documents/${docId}/revisions/${seq}/compilation${qs ? `?${qs}` : ""}`);
        const pre = h("pre#un-text.un-text", { dir: "auto", tabindex: "0", "aria-labelledby": "un-title" });
        pre.textContent = comp.text;
        const n = comp.data?.amendments?.length ?? 0;
        const unplaced = comp.data?.unplaced ?? [];
        unBox.replaceChildren(
          h("h3#un-title", `UN compilation text — ${comp.label ?? "Revision " + comp.sequence}`),
          h("p.small", `${n} amendment${n === 1 ? "" : "s"} compiled, as UN compilation texts print them.`,
            unplaced.length ? ` ${unplaced.length} could not be placed: ${unplaced.map((u) => `#${u.amendment} (${u.reason})`).join("; ")}.` : ""),
          pre);
      } catch (err) {
        delete unBox.dataset.loaded;
        unBox.replaceChildren(h("p.error", { role: "alert" }, errorText(err)));
      }
    };
    const inlineBtn = h("button#view-inline", { type: "button" }, "Inline view");
    const unBtn = h("button#view-un", { type: "button" }, "UN compilation text");
    const show = async (m) => {
      mode = m;
      inlineBtn.setAttribute("aria-pressed", String(m === "inline"));
      unBtn.setAttribute("aria-pressed", String(m === "un"));
      inlineBox.hidden = m !== "inline";
      unBox.hidden = m !== "un";
      const [path, query = ""] = location.hash.split("?");
      const params = new URLSearchParams(query);
      params.set("view", m);
      history.replaceState(null, "", `${path}?${params}`);
      if (m === "un") await loadUn();
    };
    inlineBtn.addEventListener("click", () => show("inline"));
    unBtn.addEventListener("click", () => show("un"));
    const toggle = h("div.view-toggle", { role: "group", "aria-label": "How to show the compilation" }, inlineBtn, unBtn);
    view().replaceChildren(processNav("compilation"),
      h("section", { "aria-labelledby": "comp-title" },
        h("h2#comp-title", `Compilation text — ${rev.label ?? "Revision " + rev.sequence}`),
        h("p.summary", `${list.length} proposals shown inline, attributed to their proponents.`),
        form, toggle, inlineBox, unBox));
    await show(mode);
  };
  setView(render);
  await render();
}

// ---- working copy and publishing --------------------------------------------------------

export async function working(processId, docId) {
  const render = async () => {
    await enterProcess(processId);
    const doc = state.documents.find((d) => d.id === docId);
    const wc = await get(`/documents/${docId}/working-copy`);
    const latest = latestRevision(doc);
    const published = latest ? await get(`/documents/${docId}/revisions/${latest.sequence}`) : null;
    const before = new Map((published?.units ?? []).map((u) => [u.key, u]));
    const list = h("div.text.working", { role: "list" });
    for (const unit of wc.units) list.append(workingUnit(docId, wc, unit, before.get(unit.key)));
    const label = h("input#publish-label", { type: "text", placeholder: `Rev.${wc.sequence}` });
    const publishBox = h("div#publish-box");
    const publishForm = h("form.card.publish", {
      on: { submit: async (e) => { e.preventDefault(); await publishPreview(processId, doc, wc, published, label.value, publishBox); } },
    }, h("h3", "Publish the next revision"),
    field("Label", label, "Empty: the next in sequence (Zero draft, Rev.1, Rev.2...)."),
    h("button.primary#publish-preview", { type: "submit", disabled: !isCofac() }, "Review before publishing"), publishBox);
    view().replaceChildren(processNav("working"),
      h("section", { "aria-labelledby": "wc-title" },
        h("h2#wc-title", "Working copy"),
        h("p.summary", `Version ${wc.version}. Changes since ${latest?.label ?? "nothing published"} are marked. `,
          `${wc.units.reduce((n, u) => n + countBrackets(u.text), 0)} open brackets.`),
        publishForm, legend(), list));
  };
  setView(render);
  await render();
}

function workingUnit(docId, wc, unit, before) {
  const changed = !before || before.text !== unit.text || before.status !== unit.status || before.number !== unit.number;
  const textArea = h("textarea", { rows: Math.max(2, Math.ceil((unit.text?.length ?? 0) / 90)), dir: "auto", value: unit.text ?? "" });
  const number = h("input.number", { type: "text", value: unit.number ?? "", size: 6 });
  const status = h("select", Object.entries(STATUS_LABELS).map(([v, l]) => h("option", { value: v, selected: v === unit.status }, l)));
  const isHeading = unit.kind === "section" || unit.kind === "preamble";
  const heading = h("input", { type: "text", value: unit.heading ?? "", dir: "auto" });
  const form = h(`form.wc-unit.status-${unit.status}${changed ? ".changed" : ""}`, { "data-key": unit.key, "data-dirty": "false", role: "listitem" },
    h("div.row",
      field(`Number of ${unit.key}`, number),
      isHeading ? field(`Heading of ${unit.key}`, heading) : field(`Status of ${unit.number ?? unit.key}`, status),
      changed ? h("span.badge.changed", before ? "changed since last revision" : "new") : null),
    isHeading ? null : field(`Text of ${unit.number ?? unit.key}`, textArea),
    before && before.text !== unit.text ? h("details", h("summary", "Change since the last revision"),
      h("p.unit-text", diffSpans(wordDiffServerless(before.text, unit.text)))) : null,
    h("div.actions",
      h("button", { type: "submit", value: "save" }, "Save"),
      isHeading ? null : h("button", { type: "submit", value: "bis" }, "Insert bis after"),
      h("button.danger", { type: "submit", value: "delete" }, "Delete")));
  const dirty = () => { form.dataset.dirty = "true"; };
  for (const c of [textArea, number, status, heading]) c.addEventListener("input", dirty);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const action = e.submitter?.value;
    try {
      if (action === "save") {
        const body = { base_version: wc.version };
        if (number.value !== (unit.number ?? "")) body.number = number.value;
        if (isHeading) { if (heading.value !== (unit.heading ?? "")) body.heading = heading.value; }
        else {
          if (textArea.value !== unit.text) body.text = textArea.value;
          if (status.value !== unit.status) body.status = status.value;
        }
        await patch(`/documents/${docId}/working-copy/units/${encodeURIComponent(unit.key)}`, body);
        notify(`${unit.number ?? unit.key} saved.`);
      } else if (action === "bis") {
        await post(`/documents/${docId}/working-copy/units`, {
          base_version: wc.version, after: unit.key,
          unit: { kind: unit.kind, parent: unit.parent, number: `${unit.number ?? ""} bis`, status: "open", text: "[New paragraph]" },
        });
        notify(`A bis unit was inserted after ${unit.number ?? unit.key}.`);
      } else if (action === "delete") {
        const ok = await confirmPanel(form, `Delete ${unit.number ?? unit.key}?`, h("p", "The unit and what is under it leave the working copy."), "Delete");
        if (!ok) return;
        await post(`/documents/${docId}/working-copy/units/${encodeURIComponent(unit.key)}/delete`, { base_version: wc.version });
        notify(`${unit.number ?? unit.key} deleted.`);
      }
      form.dataset.dirty = "false";
    } catch (err) {
      notify(errorText(err), "error");
    }
    await state.view?.refresh();
  });
  return form;
}

import { wordDiff } from "./diff.js";
const wordDiffServerless = wordDiff;

async function publishPreview(processId, doc, wc, published, label, box) {
  box.replaceChildren(h("p", "Working out what this revision reflects…"));
  const all = await get(`/processes/${processId}/amendments`, { document: doc.id, limit: 500 });
  const reflected = all.filter((a) => ["reflected", "merged"].includes(a.state) && a.settled_in_revision_id === null);
  const before = new Map((published?.units ?? []).map((u) => [u.key, u]));
  const after = new Map(wc.units.map((u) => [u.key, u]));
  const touched = all.filter((a) => a.state === "submitted" && (!after.has(a.unit) || (before.get(a.unit)?.text ?? "") !== after.get(a.unit)?.text));
  const changedUnits = wc.units.filter((u) => !before.has(u.key) || before.get(u.key).text !== u.text).length;
  const removed = [...before.keys()].filter((k) => !after.has(k)).length;
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
    const published_ = result.revision ?? result;
    const n = (xs) => (xs ?? []).length;
    notify(`${published_.label ?? "Revision"} published: reflects ${n(result.reflected)} amendment(s); ` +
      `${n(result.applies)} still apply, ${n(result.conflicts)} conflict, ${n(result.overtaken)} overtaken.`);
    state.invalidate();
    location.hash = `#/p/${processId}/text/${doc.id}/${published_.sequence}`;
  } catch (err) {
    notify(errorText(err), "error");
    await state.view?.refresh();
  }
}

// ---- phases, silence, presence ----------------------------------------------------------

export async function manage(processId) {
  const presenceBox = h("div#presence", { "aria-live": "polite" });
  const showPresence = (presence) => {
    if (!presence || presence.process_id !== processId) return;
    presenceBox.replaceChildren(h("ul", presence.delegations.map((d) =>
      h("li", `${d.delegation ?? "Co-facilitators, secretariat and observers"}: ${d.connected} online`))));
  };
  live.onPresence(showPresence);
  const render = async () => {
    const p = await enterProcess(processId);
    const phase = select(Object.entries(PHASE_LABELS), p.phase, { name: "phase" });
    const reason = h("input", { type: "text", name: "reason" });
    const phaseForm = h("form.card", {
      on: {
        submit: async (e) => {
          e.preventDefault();
          try {
            await post(`/processes/${processId}/phase`, { phase: phase.value, expected_phase: p.phase, reason: reason.value || null });
            notify(`Phase: ${PHASE_LABELS[phase.value]}.`);
            state.invalidate();
          } catch (err) { notify(errorText(err), "error"); }
          await state.view?.refresh();
        },
      },
    }, h("h3", "Phase"), h("p", `Now: ${PHASE_LABELS[p.phase]}`), field("Move to", phase),
    field("Reason (needed to go back)", reason), h("button.primary", { type: "submit", disabled: !isCofac() }, "Move phase"));
    const revisions = state.documents.flatMap((d) => d.revisions.map((r) => [r.id, `${d.title.slice(0, 40)} — ${r.label}`]));
    const revSel = select(revisions.slice().reverse(), revisions.at(-1)?.[0], { name: "revision" });
    const deadline = h("input", { type: "datetime-local", name: "deadline", required: true,
      value: localInput(new Date(Date.now() + 73 * 3_600_000)) });
    const silences = await get(`/processes/${processId}/silence`).catch(() => []);
    const silenceForm = h("form.card", {
      on: {
        submit: async (e) => {
          e.preventDefault();
          try {
            await post(`/processes/${processId}/silence`, { revision_id: Number(revSel.value), deadline: new Date(deadline.value).toISOString() });
            notify("Silence procedure started.");
          } catch (err) { notify(errorText(err), "error"); }
          await state.view?.refresh();
        },
      },
    }, h("h3", "Silence procedure"),
    silences.length ? h("ul", silences.map((s) => h("li", `${s.revision_label}: ${s.state} until ${fmtDate(s.deadline)}`,
      s.breaks.length ? h("ul", s.breaks.map((b) => h("li", "Broken: ", userText("span", b.reason)))) : null))) : h("p", "None yet."),
    field("Revision", revSel), field("Deadline (local time)", deadline, "At least the process's minimum (72 hours by default)."),
    h("button.primary", { type: "submit", disabled: !isCofac() }, "Start silence procedure"));
    view().replaceChildren(processNav("manage"),
      h("section", { "aria-labelledby": "manage-title" },
        h("h2#manage-title", "Phases, silence and presence"),
        h("div.grid", phaseForm, silenceForm,
          h("div.card", h("h3", "Who is online, per delegation"), presenceBox))));
    showPresence(await live.requestPresence(processId));
    if (!presenceBox.childNodes.length) presenceBox.append(h("p", "Connecting…"));
  };
  setView(render);
  await render();
  void isStaff; void stateBadge; void statusBadge;
}

function localInput(date) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
