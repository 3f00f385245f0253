// Everyone's views: process list, process home, a revision's text with the unit panel,
// and the amendments list (a delegation's own, or all that the viewer may see).
import { h, $, append, userText, field, select, fmtDate, countBrackets, nextId,
  STATUS_LABELS, STATE_LABELS, KIND_LABELS, PHASE_LABELS } from "./dom.js";
import { get, post, patch, put } from "./api.js";
import { notify, errorText, diffSpans, statusBadge, stateBadge } from "./ui.js";
import { wordDiff } from "./diff.js";
import { state, enterProcess, delegations, isStaff, isCofac, isDelegate, myDelegation,
  latestRevision, role } from "./state.js";

const view = () => $("#view");

export function setView(refresh) {
  state.view = { refresh };
}

const ROLE_LABELS = { co_facilitator: "Co-facilitator", secretariat: "Secretariat", delegate: "Delegate", observer: "Observer" };

/** The navigation of a process, by role. */
export function processNav(current) {
  const p = state.process;
  const doc = state.documents?.[0];
  const latest = doc ? latestRevision(doc) : null;
  const links = [["home", `#/p/${p.id}`, "Home"]];
  if (latest) links.push(["text", `#/p/${p.id}/text/${doc.id}/${latest.sequence}`, "Text"]);
  links.push(["amendments", `#/p/${p.id}/amendments`, isDelegate() ? "Our amendments" : "Amendments"]);
  if (doc && (isStaff() || isDelegate())) links.push(["compilation", `#/p/${p.id}/compilation/${doc.id}`, "Compilation"]);
  if (doc && isStaff()) links.push(["working", `#/p/${p.id}/working/${doc.id}`, "Working copy"]);
  if (doc && latest) links.push(["compare", `#/p/${p.id}/compare/${doc.id}`, "Compare"]);
  links.push(["timeline", `#/p/${p.id}/timeline`, "Timeline"]);
  links.push(["consultation", `#/p/${p.id}/consultation`, "Consultation"]);
  links.push(["dashboard", `#/p/${p.id}/dashboard`, "Dashboard"]);
  if (isStaff()) links.push(["manage", `#/p/${p.id}/manage`, "Phases & silence"]);
  return h("nav.process-nav", { "aria-label": "Process" },
    h("p.process-title", userText("span", p.title), " ",
      h("span.badge.phase", PHASE_LABELS[p.phase] ?? p.phase), " ",
      h("span.badge.role", ROLE_LABELS[p.your_role] ?? p.your_role, p.your_delegation ? ` · ${p.your_delegation}` : "")),
    h("ul", links.map(([key, href, label]) => h("li", h("a", { href, "aria-current": key === current ? "page" : null }, label)))));
}

// ---- process list ----------------------------------------------------------------------

export async function processList() {
  state.processId = null;
  const render = async () => {
    const processes = await get("/processes");
    view().replaceChildren(h("section", { "aria-labelledby": "processes-title" },
      h("h2#processes-title", "Your processes"),
      processes.length === 0 ? h("p", "You take part in no process yet.") : null,
      h("ul#process-list.cards", processes.map((p) => h("li.card",
        h("h3", h("a", { href: `#/p/${p.id}` }, userText("span", p.title))),
        h("p", "Phase: ", PHASE_LABELS[p.phase] ?? p.phase, " · Your role: ", ROLE_LABELS[p.your_role] ?? p.your_role,
          p.your_delegation ? ` (${p.your_delegation})` : ""))))));
  };
  setView(render);
  await render();
}

// ---- process home ----------------------------------------------------------------------

export async function home(processId) {
  const render = async () => {
    const p = await enterProcess(processId);
    const silences = await get(`/processes/${processId}/silence`).catch(() => []);
    const running = silences.filter((s) => s.state === "running");
    const docs = state.documents;
    const body = h("section", { "aria-labelledby": "home-title" },
      h("h2#home-title", "Process home"),
      h("div.grid",
        h("div.card", h("h3", "Phase"), h("p.big", PHASE_LABELS[p.phase] ?? p.phase),
          h("ol.phases", ["consultation", "stocktaking", "negotiation", "concluded"].map((ph) =>
            h("li", { class: ph === p.phase ? "current" : "", "aria-current": ph === p.phase ? "step" : null }, PHASE_LABELS[ph])))),
        h("div.card", h("h3", "Next deadline"),
          running.length === 0 ? h("p", "No silence procedure is running.")
            : running.map((s) => h("div.silence",
              h("p", h("strong", `Silence procedure on ${s.revision_label ?? "a revision"}`), " until ",
                h("time", { datetime: s.deadline }, fmtDate(s.deadline))),
              h("p", countdown(s.deadline)),
              isDelegate() ? breakSilenceForm(s) : null))),
        h("div.card", h("h3", "Latest revision"),
          docs.length === 0 ? h("p", "No document yet.") : docs.map((d) => {
            const latest = latestRevision(d);
            return h("div",
              userText("p", d.title, "doc-title"),
              latest ? h("p", h("a", { href: `#/p/${p.id}/text/${d.id}/${latest.sequence}` }, `Read ${latest.label ?? "the latest revision"}`),
                ` — published ${fmtDate(latest.published_at)}`) : h("p", "Not yet published."));
          }))),
      silences.length ? h("div.card", h("h3", "Silence procedures"),
        h("ul", silences.map((s) => h("li", `${s.revision_label ?? "Revision"}: ${s.state}, deadline ${fmtDate(s.deadline)}`,
          s.breaks.length ? h("ul", s.breaks.map((b) => h("li", "Broken: ", userText("span", b.reason)))) : null)))) : null);
    view().replaceChildren(processNav("home"), body);
  };
  setView(render);
  await render();
}

function countdown(deadline) {
  const ms = new Date(deadline) - Date.now();
  if (ms <= 0) return "Deadline passed.";
  const hours = Math.floor(ms / 3_600_000);
  return `${Math.floor(hours / 24)} days ${hours % 24} hours left.`;
}

function breakSilenceForm(silence) {
  const reason = h("textarea", { rows: 2, required: true });
  return h("form.inline-form", {
    on: {
      submit: async (e) => {
        e.preventDefault();
        try {
          await post(`/silence/${silence.id}/break`, { reason: reason.value });
          notify("Silence broken.");
          state.view?.refresh();
        } catch (err) { notify(errorText(err), "error"); }
      },
    },
  }, field("Break silence: your reason, in writing", reason), h("button", { type: "submit" }, "Break silence"));
}

// ---- the text of a revision -------------------------------------------------------------

export function unitLabel(unit) {
  return unit.number ? `${unit.kind === "preamble" ? "PP" : ""}${unit.number}` : (unit.heading ?? unit.key);
}

export function renderUnitRow(unit, { selected, onSelect, extra } = {}) {
  const brackets = countBrackets(unit.text);
  if (unit.kind === "section" || unit.kind === "preamble") {
    return h("div.unit-heading", { "data-key": unit.key }, userText("h3", unit.heading ?? unit.text ?? ""));
  }
  const button = h("button.unit-select", {
    type: "button", "aria-pressed": selected ? "true" : "false",
    "aria-label": `Paragraph ${unit.number ?? unit.key}, ${STATUS_LABELS[unit.status]}${brackets ? `, ${brackets} open brackets` : ""}: show amendments and history`,
    on: { click: () => onSelect?.(unit.key) },
  }, unit.number ?? "•");
  return h(`div.unit.status-${unit.status}${unit.kind === "subparagraph" ? ".sub" : ""}${selected ? ".selected" : ""}`,
    { "data-key": unit.key },
    button,
    h("div.unit-body", userText("p", unit.text, "unit-text"),
      h("p.unit-meta", statusBadge(unit.status), brackets ? h("span.badge.brackets", `${brackets} open bracket${brackets > 1 ? "s" : ""}`) : null),
      extra ?? null));
}

export function legend() {
  return h("ul.legend", { "aria-label": "Paragraph status colours" },
    Object.keys(STATUS_LABELS).map((s) => h("li", statusBadge(s))));
}

const revisionCache = new Map();
export async function revision(docId, seq) {
  const key = `${docId}/${seq}`;
  if (!revisionCache.has(key) || state.processStale) revisionCache.set(key, await get(`/documents/${docId}/revisions/${seq}`));
  return revisionCache.get(key);
}
export function clearRevisionCache() { revisionCache.clear(); }

export async function text(processId, docId, seq, unitKey) {
  let selected = unitKey;
  const render = async () => {
    await enterProcess(processId);
    revisionCache.clear();
    const doc = state.documents.find((d) => d.id === docId);
    if (!doc) throw new Error("No such document.");
    const rev = await revision(docId, seq);
    const units = rev.units;
    const totals = { brackets: 0 };
    for (const u of units) {
      totals.brackets += countBrackets(u.text);
      if (u.kind === "paragraph" || u.kind === "subparagraph") totals[u.status] = (totals[u.status] ?? 0) + 1;
    }
    const picker = select(doc.revisions.map((r) => [r.sequence, r.label ?? `Revision ${r.sequence}`]), seq, { id: "revision-picker" });
    picker.addEventListener("change", () => { location.hash = `#/p/${processId}/text/${docId}/${picker.value}`; });
    const panel = h("aside#unit-panel.panel", { "aria-label": "Selected paragraph", tabindex: "0" });
    const list = h("div#text.text", { role: "list" });
    const select_ = (key) => {
      selected = key;
      history.replaceState(null, "", `#/p/${processId}/text/${docId}/${seq}?unit=${encodeURIComponent(key)}`);
      for (const row of list.querySelectorAll(".unit")) {
        const on = row.dataset.key === key;
        row.classList.toggle("selected", on);
        row.querySelector(".unit-select").setAttribute("aria-pressed", on ? "true" : "false");
      }
      unitPanel(panel, { processId, doc, rev, unit: units.find((u) => u.key === key) });
      // One column (tablets, phones): the panel is below the text, so bring it into view.
      if (window.matchMedia("(max-width: 900px)").matches) panel.scrollIntoView({ block: "start" });
    };
    for (const unit of units) {
      const row = renderUnitRow(unit, { selected: unit.key === selected, onSelect: select_ });
      row.setAttribute("role", "listitem");
      list.append(row);
    }
    view().replaceChildren(processNav("text"),
      h("section", { "aria-labelledby": "text-title" },
        h("div.toolbar",
          h("h2#text-title", userText("span", doc.title), " — ", rev.label ?? `Revision ${rev.sequence}`),
          field("Revision", picker)),
        h("p.summary#text-summary",
          `Published ${fmtDate(rev.published_at)}. `,
          h("strong#open-brackets", `${totals.brackets} open brackets`), ". ",
          Object.keys(STATUS_LABELS).map((s) => `${STATUS_LABELS[s]}: ${totals[s] ?? 0}. `)),
        legend(),
        h("div.split", list, panel)));
    if (selected && units.some((u) => u.key === selected)) {
      await unitPanel(panel, { processId, doc, rev, unit: units.find((u) => u.key === selected) });
    } else {
      panel.append(h("p.hint", "Select a paragraph (its number) to see its amendments and its history."));
    }
  };
  setView(render);
  await render();
}

// ---- the unit panel: amendments, history, proposing -------------------------------------

async function unitPanel(panel, { processId, doc, rev, unit }) {
  if (!unit) return;
  panel.replaceChildren(h("h3#panel-title", `Paragraph ${unit.number ?? unit.key}`), statusBadge(unit.status),
    userText("p", unit.text, "unit-text"));
  const amendmentsBox = h("section.amendments", { "aria-labelledby": "panel-amendments" }, h("h4#panel-amendments", "Amendments"));
  const historyBox = h("section.history", { "aria-labelledby": "panel-history" }, h("h4#panel-history", "History across revisions"));
  const attribution = h("section.attribution", { "aria-labelledby": "panel-attr" }, h("h4#panel-attr", "Who put each word there"));
  const latest = latestRevision(doc);
  const canPropose = isDelegate() && state.process.phase === "negotiation" && latest && rev.sequence === latest.sequence;
  append(panel, [canPropose ? proposeForm(processId, doc, rev, unit)
    : isDelegate() && latest && rev.sequence !== latest.sequence
      ? h("p.hint", "Amendments are proposed on the latest revision: ", h("a", { href: `#/p/${processId}/text/${doc.id}/${latest.sequence}?unit=${encodeURIComponent(unit.key)}` }, latest.label ?? "open it")) : null,
  amendmentsBox, historyBox, attribution]);
  const [list] = await Promise.all([
    get(`/processes/${processId}/amendments`, { unit: unit.key, document: doc.id, limit: 200 }).catch(() => null),
    unitHistory(historyBox, doc, unit),
    unitAttribution(attribution, doc, rev, unit)]);
  if (list === null) amendmentsBox.append(h("p", "Amendments are not visible to you in this phase."));
  else if (list.length === 0) amendmentsBox.append(h("p", "No amendment to this paragraph."));
  else amendmentsBox.append(h("ul.amendment-list", list.map((a) => h("li", amendmentCard(a)))));
}

// ---- attribution: who put each word of a unit there ------------------------------------

/** The label of a document's revision, by sequence ("Zero draft", "Rev.1", ...). */
export function revisionLabel(doc, sequence) {
  const r = doc?.revisions.find((x) => x.sequence === sequence);
  return r?.label ?? (sequence === 0 ? "Zero draft" : `Revision ${sequence}`);
}

/** The label of any revision of the process, by id (for amendments carried onto it). */
export function revisionLabelById(id) {
  for (const d of state.documents ?? []) {
    const r = d.revisions.find((x) => x.id === id);
    if (r) return r.label ?? `Revision ${r.sequence}`;
  }
  return "a later revision";
}

function originKey(origin) {
  return `${origin.kind}:${origin.revision}:${origin.amendment_ids.join(",")}`;
}

/** An origin in words: "from the zero draft", "from amendment #12 (MEX, CHE) in Rev.1"... */
export function originText(doc, origin) {
  const label = revisionLabel(doc, origin.revision);
  if (origin.kind === "original") return origin.revision === 0 ? "From the zero draft" : `From ${label} (first text)`;
  if (origin.kind === "co_facilitators") return `Co-facilitators' edit in ${label}`;
  const ids = origin.amendment_ids;
  const who = origin.proponents.length ? ` (${origin.proponents.join(", ")})` : "";
  if (!ids.length) return `From an amendment in ${label}`;
  return `From amendment${ids.length > 1 ? "s" : ""} ${ids.map((i) => `#${i}`).join(", ")}${who} in ${label}`;
}

async function unitAttribution(box, doc, rev, unit) {
  let data;
  try {
    data = await get(`/documents/${doc.id}/units/${encodeURIComponent(unit.key)}/attribution`, { revision: rev.sequence });
  } catch (e) {
    box.append(h("p", e.status === 404 ? "No attribution for this paragraph." : `Attribution unavailable: ${errorText(e)}`));
    return;
  }
  // One entry per distinct origin, in order of first appearance; amendments are numbered
  // so that each gets its own colour (cycled) as well as its own line in the list.
  const origins = new Map();
  let amendmentIndex = 0;
  for (const span of data.spans) {
    const key = originKey(span.origin);
    if (!origins.has(key)) {
      const cls = span.origin.kind === "amendment" ? `origin-amendment.origin-a${amendmentIndex++ % 4}` : `origin-${span.origin.kind}`;
      origins.set(key, { origin: span.origin, cls, n: origins.size + 1, words: [] });
    }
    origins.get(key).words.push(span.text.trim());
  }
  const textNode = h("p#attributed-text.unit-text.attributed", { dir: "auto", "aria-describedby": "attribution-list-title" });
  for (const span of data.spans) {
    const o = origins.get(originKey(span.origin));
    const node = h(`span.origin.${o.cls}`, { "data-origin": String(o.n), title: originText(doc, span.origin) });
    node.textContent = span.text;
    textNode.append(node);
  }
  const only = origins.size === 1 ? [...origins.values()][0] : null;
  box.append(
    h("p.small", `As of ${revisionLabel(doc, data.sequence)}. `,
      only ? `${originText(doc, only.origin)}: every word.` : "Each colour marks where the words came from; the list below says it in words."),
    textNode,
    h("p#attribution-list-title.small", "Where the words came from:"),
    h("ul#attribution-list.origin-legend", [...origins.values()].map((o) => h("li", { "data-origin": String(o.n) },
      h(`span.swatch.${o.cls}`, { "aria-hidden": "true" }), h("strong", `${originText(doc, o.origin)}: `),
      userText("span", o.words.filter(Boolean).map((w) => `“${w}”`).join(" … "), "origin-words")))));
}

async function unitHistory(box, doc, unit) {
  const revs = doc.revisions;
  const items = [];
  for (let i = 0; i < revs.length; i++) {
    const r = revs[i];
    const full = await revision(doc.id, r.sequence);
    const u = full.units.find((x) => x.key === unit.key);
    if (!u) { items.push(h("li", h("strong", r.label ?? `Revision ${r.sequence}`), ": not in this revision.")); continue; }
    let change = null;
    if (i > 0) {
      const d = await diffBetween(doc.id, revs[i - 1].sequence, r.sequence);
      const ud = d.units.find((x) => x.key === unit.key);
      if (ud) change = ud;
    }
    items.push(h("li",
      h("p", h("strong", r.label ?? `Revision ${r.sequence}`), ` — ${u.number ?? ""} `, statusBadge(u.status),
        change ? ` ${change.change === "unchanged" ? "(unchanged)" : change.change === "new" ? "(new)" : ""}` : ""),
      change && change.change !== "unchanged" ? h("p.unit-text", diffSpans(change.spans)) : userText("p", u.text, "unit-text")));
  }
  box.append(h("ol.history-list", items));
}

const diffCache = new Map();
export async function diffBetween(docId, from, to, changedOnly = false) {
  const key = `${docId}:${from}:${to}:${changedOnly}`;
  if (!diffCache.has(key)) diffCache.set(key, await get(`/documents/${docId}/diff`, { from, to, changed_only: changedOnly }));
  return diffCache.get(key);
}

/** One amendment, attributed, with its word diff and the actions the viewer may take. */
export function amendmentCard(a, { onChange, decide } = {}) {
  const refresh = onChange ?? (() => state.view?.refresh());
  const mine = isDelegate() && a.delegation === myDelegation();
  const coProposer = isDelegate() && a.co_proponents.includes(myDelegation());
  const card = h(`article.amendment.state-${a.state}`, { "data-id": a.id, "aria-label": `Amendment ${a.id} by ${a.delegation}` },
    h("header",
      h("strong", `#${a.id} `, KIND_LABELS[a.kind] ?? a.kind), " · ",
      h("span.proponents", [a.delegation, ...a.co_proponents].join(", ")), " · ",
      stateBadge(a.state), " · ",
      h("span.small", `on ${a.unit} of ${a.revision_label ?? "a revision"}`)),
    a.diff && a.kind === "change_words" ? h("p.unit-text", diffSpans(a.diff)) : a.text ? userText("p", a.text, "unit-text") : null,
    a.cluster ? h("p.cluster.small", "Cluster: ", clusterName(a.cluster)) : null,
    a.carried ? carriedNote(a) : null,
    a.justification ? h("p.justification", h("span.small", "Justification: "), userText("span", a.justification)) : null,
    a.decision_note ? h("p.decision", h("span.small", "Decision: "), userText("span", a.decision_note)) : null,
    (a.supporters.length || a.opposers.length)
      ? h("p.stances", a.supporters.length ? `Supported by ${a.supporters.join(", ")}. ` : "",
        a.opposers.length ? `Opposed by ${a.opposers.join(", ")}.` : "") : null);
  const actions = h("div.actions");
  const act = (label, fn, cls = "") => h(`button${cls}`, {
    type: "button",
    on: {
      click: async (e) => {
        e.target.disabled = true;
        try { await fn(); await refresh(); } catch (err) { notify(errorText(err), "error"); await refresh(); } finally { e.target.disabled = false; }
      },
    },
  }, label);
  if (mine && a.state === "draft") {
    actions.append(act("Submit", async () => { await post(`/amendments/${a.id}/submit`, { base_version: a.version }); notify(`Amendment #${a.id} submitted.`); }, ".primary"));
  }
  if (mine && ["draft", "submitted"].includes(a.state)) {
    actions.append(act("Withdraw", async () => { await post(`/amendments/${a.id}/withdraw`, { base_version: a.version }); notify(`Amendment #${a.id} withdrawn.`); }));
  }
  if (mine && a.state === "draft") actions.append(editDraftToggle(a, card, refresh));
  if (mine && ["draft", "submitted"].includes(a.state)) actions.append(coProponentsToggle(a, card, refresh));
  if (isDelegate() && !mine && !coProposer && a.state === "submitted") {
    const my = myDelegation();
    const current = a.supporters.includes(my) ? "support" : a.opposers.includes(my) ? "oppose" : null;
    const stance = (s) => async () => { await put(`/amendments/${a.id}/stance`, { stance: s }); notify(s ? `You ${s === "support" ? "support" : "oppose"} #${a.id}.` : `Stance on #${a.id} taken back.`); };
    actions.append(
      act(current === "support" ? "Supporting ✓" : "Support", stance(current === "support" ? null : "support")),
      act(current === "oppose" ? "Opposing ✓" : "Oppose", stance(current === "oppose" ? null : "oppose")));
  }
  if ((decide ?? isCofac()) && a.state === "submitted") actions.append(decisionForm(a, refresh));
  if (actions.childNodes.length) card.append(actions);
  return card;
}

const CARRIED_LABELS = { applies: "still applies", conflicts: "conflicts", overtaken: "overtaken" };

function clusterName(key) {
  return state.process?.clusters?.find((c) => c.key === key)?.name ?? key;
}

/** Where an open amendment stands after the last revision published over its unit. */
function carriedNote(a) {
  const c = a.carried;
  const label = revisionLabelById(c.revision_id);
  return h(`div.carried.carried-${c.outcome}`,
    h("p", h("strong", `Carried onto ${label}: `), h(`span.badge.carried-${c.outcome}`, CARRIED_LABELS[c.outcome] ?? c.outcome),
      c.reason ? " — " : "", c.reason ? userText("span", c.reason, "carried-reason") : null),
    c.base_text !== null && c.base_text !== undefined
      ? h("p.carried-base", h("span.small", `The paragraph in ${label}: `), userText("span", c.base_text, "unit-text")) : null,
    c.proposed_text !== null && c.proposed_text !== undefined && c.outcome !== "overtaken"
      ? h("p.carried-proposed", h("span.small", c.outcome === "applies" ? "With the amendment applied: " : "The amendment's text: "),
        userText("span", c.proposed_text, "unit-text")) : null);
}

function decisionForm(a, refresh) {
  const decision = select([["reflected", "Reflected"], ["merged", "Merged"], ["not_reflected", "Not reflected"]], "reflected");
  const note = h("input", { type: "text" });
  return h("form.inline-form.decide", {
    on: {
      submit: async (e) => {
        e.preventDefault();
        try {
          await post(`/amendments/${a.id}/decision`, { base_version: a.version, decision: decision.value, note: note.value });
          notify(`Amendment #${a.id}: ${STATE_LABELS[decision.value]}.`);
        } catch (err) { notify(errorText(err), "error"); }
        await refresh();
      },
    },
  }, field(`Decision on #${a.id}`, decision), field("Note", note), h("button", { type: "submit" }, "Decide"));
}

function editDraftToggle(a, card, refresh) {
  return h("button", {
    type: "button",
    on: {
      click: () => {
        if (card.querySelector(".edit-draft")) return;
        const textArea = h("textarea", { rows: 4, dir: "auto", value: a.text ?? "" });
        const just = h("textarea", { rows: 2, dir: "auto", value: a.justification ?? "" });
        const preview = h("p.unit-text.preview", { "aria-live": "polite" });
        const update = () => { preview.replaceChildren(diffSpans(wordDiff(a.base_text ?? "", textArea.value))); form.dataset.dirty = "true"; };
        const form = h("form.edit-draft", {
          on: {
            submit: async (e) => {
              e.preventDefault();
              try {
                await patch(`/amendments/${a.id}`, { base_version: a.version, text: a.text === null ? null : textArea.value, justification: just.value });
                notify(`Draft #${a.id} saved.`);
              } catch (err) { notify(errorText(err), "error"); }
              form.dataset.dirty = "false";
              await refresh();
            },
          },
        }, a.text !== null ? field("Text", textArea) : null, a.text !== null ? h("div", h("span.small", "Preview of your change: "), preview) : null,
        field("Justification", just), h("button.primary", { type: "submit" }, "Save draft"));
        textArea.addEventListener("input", update);
        just.addEventListener("input", () => { form.dataset.dirty = "true"; });
        card.append(form);
        if (a.text !== null) update();
        form.dataset.dirty = "false";
        textArea.focus();
      },
    },
  }, "Edit draft");
}

function coProponentsToggle(a, card, refresh) {
  return h("button", {
    type: "button",
    on: {
      click: async () => {
        if (card.querySelector(".co-form")) return;
        const all = (await delegations()).filter((d) => d.code !== a.delegation);
        const group = h("fieldset.checks", h("legend", `Co-proponents of #${a.id}`),
          all.map((d) => {
            const id = nextId("cop");
            return h("span.check", h("input", { type: "checkbox", id, value: d.code, checked: a.co_proponents.includes(d.code) }), h("label", { for: id }, `${d.name} (${d.code})`));
          }));
        const form = h("form.co-form", {
          on: {
            submit: async (e) => {
              e.preventDefault();
              const codes = [...group.querySelectorAll("input:checked")].map((i) => i.value);
              try {
                await put(`/amendments/${a.id}/co-proponents`, { base_version: a.version, co_proponents: codes });
                notify(`Co-proponents of #${a.id} saved.`);
              } catch (err) { notify(errorText(err), "error"); }
              await refresh();
            },
          },
        }, group, h("button.primary", { type: "submit" }, "Save co-proponents"));
        card.append(form);
        group.querySelector("input")?.focus();
      },
    },
  }, "Co-proponents");
}

/** Proposing: edit the paragraph in place with the word diff shown live as one types. */
function proposeForm(processId, doc, rev, unit) {
  const kinds = Object.entries(KIND_LABELS);
  const kind = select(kinds, "change_words", { name: "kind" });
  const textArea = h("textarea#propose-text", { rows: 5, dir: "auto", value: unit.text, name: "text" });
  const preview = h("p#propose-preview.unit-text.preview", { "aria-live": "polite" });
  const justification = h("textarea", { rows: 2, dir: "auto", name: "justification" });
  const cluster = select([["", "—"], ...state.process.clusters.map((c) => [c.key, c.name])], "", { name: "cluster" });
  const coBox = h("div.co-box");
  const error = h("p.error", { role: "alert" });
  const textField = field("Your text (edit the paragraph in place)", textArea, "The word diff against the paragraph appears below as you type.");
  const previewBox = h("div", h("span.small", "Your change: "), preview);
  const sync = () => {
    const k = kind.value;
    const withText = ["change_words", "add_unit", "alternative"].includes(k);
    textField.hidden = !withText;
    previewBox.hidden = k !== "change_words";
    if (k === "add_unit" || k === "alternative") {
      if (textArea.value === unit.text) textArea.value = "";
    } else if (k === "change_words" && !textArea.value) textArea.value = unit.text;
    preview.replaceChildren(diffSpans(wordDiff(unit.text, textArea.value)));
  };
  const form = h("form#propose-form.card.propose", { "data-dirty": "false", "aria-labelledby": "propose-title" },
    h("h4#propose-title", "Propose an amendment"),
    field("Kind", kind), textField, previewBox, field("Justification", justification), field("Cluster", cluster), coBox,
    h("div.actions",
      h("button#save-draft", { type: "submit", value: "draft" }, "Save as draft"),
      h("button#submit-amendment.primary", { type: "submit", value: "submit" }, "Submit")),
    error);
  kind.addEventListener("change", () => { sync(); form.dataset.dirty = "true"; });
  textArea.addEventListener("input", () => { sync(); form.dataset.dirty = "true"; });
  justification.addEventListener("input", () => { form.dataset.dirty = "true"; });
  delegations().then((all) => {
    const mine = myDelegation();
    coBox.append(h("fieldset.checks", h("legend", "Co-proponents"),
      all.filter((d) => d.code !== mine).map((d) => {
        const id = nextId("co");
        return h("span.check", h("input", { type: "checkbox", id, value: d.code, name: "co" }), h("label", { for: id }, d.code));
      })));
  }).catch(() => {});
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    error.textContent = "";
    const submit = e.submitter?.value === "submit";
    const k = kind.value;
    const withText = ["change_words", "add_unit", "alternative"].includes(k);
    try {
      const created = await post(`/processes/${processId}/amendments`, {
        revision_id: rev.id, unit: unit.key, kind: k, text: withText ? textArea.value : null,
        justification: justification.value, cluster: cluster.value || null, submit,
        co_proponents: [...coBox.querySelectorAll("input:checked")].map((i) => i.value),
      });
      form.dataset.dirty = "false";
      notify(`Amendment #${created.id} ${submit ? "submitted" : "saved as a draft"}.`);
      await state.view?.refresh();
    } catch (err) {
      error.textContent = errorText(err);
    }
  });
  sync();
  return form;
}

// ---- amendments list ---------------------------------------------------------------------

export async function amendments(processId, q) {
  const render = async () => {
    const p = await enterProcess(processId);
    const filters = { delegation: q.get("delegation") ?? (isDelegate() ? myDelegation() : ""), state: q.get("state") ?? "", kind: q.get("kind") ?? "" };
    let list = null;
    try {
      list = await get(`/processes/${processId}/amendments`, { ...filters, limit: 500 });
    } catch (e) {
      if (e.status !== 403) throw e;
    }
    const dels = await delegations();
    const fDel = select([["", "All delegations"], ...dels.map((d) => [d.code, `${d.name} (${d.code})`])], filters.delegation, { name: "delegation" });
    const fState = select([["", "All states"], ...Object.entries(STATE_LABELS)], filters.state, { name: "state" });
    const fKind = select([["", "All kinds"], ...Object.entries(KIND_LABELS)], filters.kind, { name: "kind" });
    const filterForm = h("form.filters", {
      on: {
        submit: (e) => {
          e.preventDefault();
          const params = new URLSearchParams();
          for (const [k, v] of [["delegation", fDel.value], ["state", fState.value], ["kind", fKind.value]]) params.set(k, v);
          location.hash = `#/p/${processId}/amendments?${params}`;
        },
      },
    }, field("Delegation", fDel), field("State", fState), field("Kind", fKind), h("button", { type: "submit" }, "Filter"));
    const byState = {};
    for (const a of list ?? []) (byState[a.state] ??= []).push(a);
    const title = isDelegate() && filters.delegation === myDelegation() ? `Amendments of ${myDelegation()} and what became of them` : "Amendments";
    view().replaceChildren(processNav("amendments"),
      h("section", { "aria-labelledby": "amendments-title" },
        h("h2#amendments-title", title),
        filterForm,
        list === null ? h("p", "Amendments are not visible to you in this phase.") : null,
        list && list.length === 0 ? h("p", "No amendment matches.") : null,
        h("p.summary", list ? Object.entries(byState).map(([s, xs]) => `${STATE_LABELS[s]}: ${xs.length}. `) : ""),
        Object.entries(byState).map(([s, xs]) => h("section.state-group",
          h("h3", `${STATE_LABELS[s]} (${xs.length})`),
          h("ul.amendment-list", xs.map((a) => h("li", amendmentCard(a))))))));
    void p;
  };
  setView(render);
  await render();
}

export { role };
