// Amendments: the list (a delegation's own and what became of them, or all the viewer may
// see), the amendment card with its actions (submit, withdraw, edit a draft, co-proponents,
// support or oppose, decide), and the form proposing one on the unit panel.
import { h, userText, serverSentence, field, select, nextId, screenRoot } from "../lib/dom.js";
import { t, currentLanguage } from "../lib/i18n.js";
import { get, post, patch, put } from "../lib/api.js";
import { stateLabel, kindLabel, kindCarriesText, codes, options, labelOf } from "../lib/labels.js";
import { revisionLabelById } from "../lib/revisions.js";
import { notify, errorText, diffSpans, stateBadge, confirmPanel } from "../lib/ui.js";
import { state, enterProcess, setView, delegations, myDelegation } from "../lib/state.js";
import { processNav } from "./process-nav.js";
import { exportMenu } from "./export-menu.js";
import { markupLink } from "./markup-import.js";
import { wordDiff } from "./diff-preview.js";
import { cardControls, yourStance, kindShowsPreview, proposedText, showsDiff, stancesText, carriedReasonText,
  listFilters, listTitle, groupByState, amendmentName, actionNotice, applicationBody,
  coSponsorsText, namedCoSponsors, coSponsorStanding } from "./amendment-card.js";

// ---- the list --------------------------------------------------------------------------

export async function amendments(processId, q) {
  const render = async () => {
    const root = screenRoot();
    await enterProcess(processId);
    const filters = listFilters(q, myDelegation());
    let list = null;
    try {
      list = await get(`/processes/${processId}/amendments`, { ...filters, limit: 500 });
    } catch (e) {
      if (e.status !== 403) throw e;
    }
    // A delegation sees first what it is invited to co-sponsor and has not answered.
    const mine = myDelegation();
    const invitations = mine ? await get(`/processes/${processId}/amendments`, { invited: mine, limit: 500 }).catch(() => []) : [];
    const dels = await delegations();
    const fDel = select([["", t("amending.list.allDelegations")], ...dels.map((d) => [d.code, `${d.name} (${d.code})`])], filters.delegation, { name: "delegation" });
    const fState = select([["", t("amending.list.allStates")], ...options("amendment_states")], filters.state, { name: "state" });
    const fKind = select([["", t("amending.list.allKinds")], ...options("amendment_kinds")], filters.kind, { name: "kind" });
    const filterForm = h("form.filters", {
      on: {
        submit: (e) => {
          e.preventDefault();
          const params = new URLSearchParams();
          for (const [k, v] of [["delegation", fDel.value], ["state", fState.value], ["kind", fKind.value]]) params.set(k, v);
          location.hash = `#/p/${processId}/amendments?${params}`;
        },
      },
    }, field(t("amending.list.delegation"), fDel), field(t("amending.list.state"), fState), field(t("amending.list.kind"), fKind), h("button", { type: "submit" }, t("amending.list.filter")));
    const byState = groupByState(list);
    root.replaceChildren(processNav("amendments"),
      h("section", { "aria-labelledby": "amendments-title" },
        h("h2#amendments-title", listTitle(filters, myDelegation())),
        markupLink(state.process),
        invitations.length ? h("section.co-sponsor-invitations", { "aria-labelledby": "invitations-title" },
          h("h3#invitations-title", t("amending.list.invitations", { count: invitations.length })),
          h("ul.amendment-list", invitations.map((a) => h("li", amendmentCard(a))))) : null,
        filterForm,
        list === null ? h("p", t("amending.list.hidden")) : null,
        list && list.length === 0 ? h("p", t("amending.list.none")) : null,
        h("p.summary", list ? Object.entries(byState).map(([s, xs]) => t("reading.text.statusCount", { status: stateLabel(s), count: xs.length })) : ""),
        Object.entries(byState).map(([s, xs]) => h("section.state-group",
          h("h3", t("amending.list.stateCount", { state: stateLabel(s), count: xs.length })),
          h("ul.amendment-list", xs.map((a) => h("li", amendmentCard(a))))))));
    await showTarget(root, q.get("amendment"));
  };
  setView(render);
  await render();
}

/**
 * #/p/N/amendments?amendment=7 (the inbox's links): scroll to that amendment's card and open it
 * (marked, focused); one the filters leave out of the list is fetched and shown above it.
 */
let targetShown = null; // the address whose amendment was scrolled to (a live refresh does not scroll again)
async function showTarget(root, wanted) {
  const id = /^\d+$/.test(wanted ?? "") ? Number(wanted) : null;
  if (id === null || !root.current) return;
  const view = document.getElementById("view");
  let card = view.querySelector(`article.amendment[data-id="${id}"]`);
  if (!card) {
    let found = null;
    try { found = await get(`/amendments/${id}`); } catch (e) {
      if (e.status !== 404 && e.status !== 403) throw e;
    }
    if (!root.current) return;
    const heading = view.querySelector("#amendments-title");
    const box = h("section.followed-amendment", { "aria-labelledby": "followed-title" },
      h("h3#followed-title", t("amending.list.followed")),
      found ? h("ul.amendment-list", h("li", amendmentCard(found))) : h("p", t("amending.list.notVisible", { id })));
    heading?.after(box);
    card = box.querySelector("article.amendment");
    if (!card) return;
  }
  card.classList.add("targeted");
  card.setAttribute("aria-current", "true");
  card.tabIndex = -1;
  if (targetShown === location.hash) return;
  targetShown = location.hash;
  card.scrollIntoView({ block: "center" });
  card.focus({ preventScroll: true });
}

// ---- one amendment ------------------------------------------------------------------------

/** One amendment, attributed, with its word diff and the controls of the actions the server lists for it. */
export function amendmentCard(a, { onChange } = {}) {
  const refresh = onChange ?? (() => state.view?.refresh());
  const controls = new Set(cardControls(a));
  const card = h(`article.amendment.state-${a.state}`, { "data-id": a.id, "aria-label": t("amending.card.label", { name: amendmentName(a) }) },
    h("header",
      h("strong.amendment-name", amendmentName(a)), " · ", kindLabel(a.kind), " · ",
      stateBadge(a.state), " · ",
      h("span.small", t("amending.card.ref", { id: a.id, revision: a.revision_label ?? t("amending.card.aRevision") })),
      a.co_proponents.length ? [" · ", h("span.proponents", t("amending.card.with", { names: a.co_proponents.join(t("common.listSeparator")) }))] : null),
    showsDiff(a) ? h("p.unit-text", diffSpans(a.diff)) : a.text ? userText("p", a.text, "unit-text") : null,
    a.cluster ? h("p.cluster.small", t("amending.card.cluster"), clusterName(a.cluster)) : null,
    a.carried ? carriedNote(a) : null,
    a.justification ? h("p.justification", h("span.small", t("amending.card.justification")), userText("span", a.justification)) : null,
    a.decision_note ? h("p.decision", h("span.small", t("amending.card.decision")), userText("span", a.decision_note)) : null,
    (a.supporters.length || a.opposers.length) ? h("p.stances", stancesText(a)) : null,
    a.co_sponsors?.length ? h("p.co-sponsors", coSponsorsText(a)) : null,
    exportMenu("amendment", { amendment: a.id }));
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
  if (controls.has("submit")) {
    actions.append(act(t("amending.card.submit"), async () => { await post(`/amendments/${a.id}/submit`, { base_version: a.version }); notify(actionNotice("submit", a)); }, ".primary"));
  }
  if (controls.has("withdraw")) {
    actions.append(act(t("amending.card.withdraw"), async () => {
      const sure = await confirmPanel(actions, t("amending.card.withdrawTitle", { name: amendmentName(a) }),
        h("p", t("amending.card.withdrawBody")), t("amending.card.withdraw"));
      if (!sure) return;
      await post(`/amendments/${a.id}/withdraw`, { base_version: a.version }); notify(actionNotice("withdraw", a));
    }));
  }
  if (controls.has("revise")) actions.append(editDraftToggle(a, card, refresh));
  if (controls.has("set_co_proponents")) actions.append(coProponentsToggle(a, card, refresh));
  const answer = (action, status) => async () => {
    await put(`/amendments/${a.id}/co-sponsorship`, { status });
    notify(actionNotice(action, a));
  };
  if (controls.has("accept_co_sponsorship") || controls.has("decline_co_sponsorship")) {
    card.append(h("div.co-sponsor-invitation", { role: "group", "aria-label": t("amending.card.invitation", { name: amendmentName(a) }) },
      h("strong", t("amending.card.invited")),
      controls.has("accept_co_sponsorship") ? act(t("amending.card.accept"), answer("accept_co_sponsorship", "accepted"), ".primary") : null,
      controls.has("decline_co_sponsorship") ? act(t("amending.card.decline"), answer("decline_co_sponsorship", "declined")) : null));
  }
  if (controls.has("withdraw_co_sponsorship")) {
    actions.append(act(t("amending.card.withdrawCoSponsorship"), answer("withdraw_co_sponsorship", "withdrawn")));
  }
  if (controls.has("take_stance")) {
    const current = yourStance(a, myDelegation());
    const stance = (s) => async () => { await put(`/amendments/${a.id}/stance`, { stance: s }); notify(actionNotice(s ?? "stance_taken_back", a)); };
    actions.append(
      act(current === "support" ? t("amending.card.supporting") : t("amending.card.support"), stance(current === "support" ? null : "support")),
      act(current === "oppose" ? t("amending.card.opposing") : t("amending.card.oppose"), stance(current === "oppose" ? null : "oppose")));
  }
  if (controls.has("apply")) actions.append(applyToggle(a, card, refresh, controls.has("decide")));
  if (controls.has("decide")) actions.append(decisionForm(a, refresh));
  if (actions.childNodes.length) card.append(actions);
  if (a.applied) card.querySelector("header").append(" · ", h("span.applied", t("amending.card.applied")));
  return card;
}

/** Where a carried amendment stands (the server's CarryOut.outcome), in words. */
function carriedOutcome(outcome) {
  return labelOf("carried_outcomes", outcome);
}

function clusterName(key) {
  return state.process?.clusters?.find((c) => c.key === key)?.name ?? key;
}

/** Why the carry came out so, in the person's language where the server gave its code. */
function carriedReason(c) {
  const said = carriedReasonText(c);
  return said.lang === null ? h("span.carried-reason", said.text)
    : Object.assign(serverSentence("span", said.text, currentLanguage()), { className: "carried-reason" });
}

/** Where an open amendment stands after the last revision published over its unit. */
function carriedNote(a) {
  const c = a.carried;
  const label = revisionLabelById(state.documents, c.revision_id);
  return h(`div.carried.carried-${c.outcome}`,
    h("p", h("strong", t("amending.card.carriedOnto", { revision: label })), h(`span.badge.carried-${c.outcome}`, carriedOutcome(c.outcome)),
      c.reason ? " — " : "", c.reason ? carriedReason(c) : null),
    c.base_text !== null && c.base_text !== undefined
      ? h("p.carried-base", h("span.small", t("amending.card.paragraphIn", { revision: label })), userText("span", c.base_text, "unit-text")) : null,
    c.proposed_text !== null && c.proposed_text !== undefined && c.outcome !== "overtaken"
      ? h("p.carried-proposed", h("span.small", c.outcome === "applies" ? t("amending.card.withApplied") : t("amending.card.amendmentText")),
        userText("span", c.proposed_text, "unit-text")) : null);
}

function decisionForm(a, refresh) {
  // No decision is chosen for the co-facilitators: the submit waits until one is (and the
  // server's validation refuses an empty one anyway).
  const decision = select([["", t("amending.card.chooseDecision")], ...options("decisions")], "", { required: true });
  const note = h("input", { type: "text" });
  return h("form.inline-form.decide", {
    on: {
      submit: async (e) => {
        e.preventDefault();
        try {
          await post(`/amendments/${a.id}/decision`, { base_version: a.version, decision: decision.value, note: note.value });
          notify(actionNotice("decide", a, stateLabel(decision.value)));
        } catch (err) { notify(errorText(err), "error"); }
        await refresh();
      },
    },
  }, field(t("amending.card.decisionOn", { name: amendmentName(a) }), decision), field(t("amending.card.note"), note), h("button", { type: "submit" }, t("amending.card.decide")));
}

/** Apply the amendment to the working copy, as proposed or reworded, deciding it too if wished. */
function applyToggle(a, card, refresh, mayDecide) {
  return h("button", {
    type: "button",
    on: {
      click: () => {
        if (card.querySelector(".apply-form")) return;
        const textArea = a.text !== null ? h("textarea", { rows: 4, dir: "auto", value: a.text }) : null;
        const decision = mayDecide ? h("select", h("option", { value: "" }, t("amending.card.decideLater")),
          options("decisions").filter(([v]) => v !== "not_reflected").map(([v, l]) => h("option", { value: v }, t("amending.card.decideAs", { decision: l })))) : null;
        const note = h("p.small", { role: "status" });
        const form = h("form.apply-form", {
          on: {
            submit: async (e) => {
              e.preventDefault();
              try {
                const wc = await get(`/documents/${a.document_id}/working-copy`);
                const edited = textArea && textArea.value !== a.text;
                await post(`/documents/${a.document_id}/working-copy/applications`,
                  applicationBody(a, wc.version, { text: textArea?.value, decision: decision?.value }));
                notify(actionNotice("apply", a, edited ? t("amending.card.withChanges") : ""));
              } catch (err) {
                if (textArea && err.status === 409 && typeof err.details?.current_text === "string") {
                  // The working copy changed the same words: the pen-holder words it afresh,
                  // from the paragraph as it now reads.
                  textArea.value = err.details.current_text;
                  note.textContent = t("amending.card.wordsChanged");
                  textArea.focus();
                  return;
                }
                notify(errorText(err), "error");
              }
              await refresh();
            },
          },
        }, note, textArea ? field(t("amending.card.textToApply"), textArea) : null,
        decision ? field(t("amending.card.decisionOn", { name: amendmentName(a) }), decision) : null,
        h("button.primary", { type: "submit" }, t("amending.card.apply")));
        card.append(form);
        (textArea ?? form.querySelector("button")).focus();
      },
    },
  }, t("amending.card.applyToWorking"));
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
                notify(actionNotice("draft", a));
              } catch (err) { notify(errorText(err), "error"); }
              form.dataset.dirty = "false";
              await refresh();
            },
          },
        }, a.text !== null ? field(t("amending.card.text"), textArea) : null, a.text !== null ? h("div", h("span.small", t("amending.card.previewChange")), preview) : null,
        field(t("amending.card.justificationField"), just), h("button.primary", { type: "submit" }, t("amending.card.saveDraft")));
        textArea.addEventListener("input", update);
        just.addEventListener("input", () => { form.dataset.dirty = "true"; });
        card.append(form);
        if (a.text !== null) update();
        form.dataset.dirty = "false";
        textArea.focus();
      },
    },
  }, t("amending.card.editDraft"));
}

function coProponentsToggle(a, card, refresh) {
  return h("button", {
    type: "button",
    on: {
      click: async () => {
        if (card.querySelector(".co-form")) return;
        const all = (await delegations()).filter((d) => d.code !== a.delegation);
        const named = namedCoSponsors(a);
        const group = h("fieldset.checks", h("legend", t("amending.card.inviteLegend", { name: amendmentName(a) })),
          all.map((d) => {
            const id = nextId("cop");
            const standing = coSponsorStanding(a, d.code);
            return h("span.check", h("input", { type: "checkbox", id, value: d.code, checked: named.includes(d.code) }),
              h("label", { for: id }, `${d.name} (${d.code})${standing ? ` — ${standing}` : ""}`));
          }));
        const form = h("form.co-form", {
          on: {
            submit: async (e) => {
              e.preventDefault();
              const codes = [...group.querySelectorAll("input:checked")].map((i) => i.value);
              try {
                await put(`/amendments/${a.id}/co-proponents`, { base_version: a.version, co_proponents: codes });
                notify(actionNotice("co_proponents", a));
              } catch (err) { notify(errorText(err), "error"); }
              await refresh();
            },
          },
        }, group, h("p.small", t("amending.card.inviteHint")),
        h("button.primary", { type: "submit" }, t("amending.card.saveInvitations")));
        card.append(form);
        group.querySelector("input")?.focus();
      },
    },
  }, t("amending.card.inviteCoSponsors"));
}

// ---- proposing ----------------------------------------------------------------------------

/** Proposing: edit the paragraph in place with the word diff shown live as one types. */
export function proposeForm(processId, rev, unit) {
  const kind = select(options("amendment_kinds"), codes("amendment_kinds")[0], { name: "kind" });
  const textArea = h("textarea#propose-text", { rows: 5, dir: "auto", value: unit.text, name: "text" });
  const preview = h("p#propose-preview.unit-text.preview", { "aria-live": "polite" });
  const justification = h("textarea", { rows: 2, dir: "auto", name: "justification" });
  const cluster = select([["", "—"], ...state.process.clusters.map((c) => [c.key, c.name])], "", { name: "cluster" });
  const coBox = h("div.co-box");
  const error = h("p.error", { role: "alert" });
  const textField = field(t("amending.propose.yourText"), textArea, t("amending.propose.diffHint"));
  const previewBox = h("div", h("span.small", t("amending.propose.yourChange")), preview);
  const sync = () => {
    const k = kind.value;
    textField.hidden = !kindCarriesText(k);
    previewBox.hidden = !kindShowsPreview(k);
    const next = proposedText(k, textArea.value, unit.text);
    if (next !== textArea.value) textArea.value = next;
    preview.replaceChildren(diffSpans(wordDiff(unit.text, textArea.value)));
  };
  const form = h("form#propose-form.card.propose", { "data-dirty": "false", "aria-labelledby": "propose-title" },
    h("h4#propose-title", t("amending.propose.title")),
    field(t("amending.list.kind"), kind), textField, previewBox, field(t("amending.card.justificationField"), justification), field(t("amending.propose.cluster"), cluster), coBox,
    h("div.actions",
      h("button#save-draft", { type: "submit", value: "draft" }, t("amending.propose.saveAsDraft")),
      h("button#submit-amendment.primary", { type: "submit", value: "submit" }, t("amending.card.submit"))),
    error);
  kind.addEventListener("change", () => { sync(); form.dataset.dirty = "true"; });
  textArea.addEventListener("input", () => { sync(); form.dataset.dirty = "true"; });
  justification.addEventListener("input", () => { form.dataset.dirty = "true"; });
  delegations().then((all) => {
    const mine = myDelegation();
    coBox.append(h("fieldset.checks", h("legend", t("amending.propose.inviteLegend")),
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
    try {
      const created = await post(`/processes/${processId}/amendments`, {
        revision_id: rev.id, unit: unit.key, kind: k, text: kindCarriesText(k) ? textArea.value : null,
        justification: justification.value, cluster: cluster.value || null, submit,
        co_proponents: [...coBox.querySelectorAll("input:checked")].map((i) => i.value),
      });
      form.dataset.dirty = "false";
      notify(actionNotice(submit ? "submit" : "draft", created));
      await state.view?.refresh();
    } catch (err) {
      error.textContent = errorText(err);
    }
  });
  sync();
  return form;
}
