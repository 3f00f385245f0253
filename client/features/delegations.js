// The screen "Delegations and groups": the delegations taking part in this process and its
// groups with their members (all from this process: GET /processes/{id}/delegations), and, for
// whom the server says may manage them ("delegations.manage", and each delegation's own
// actions: rename, remove, change_members), adding a delegation or a group, renaming one,
// removing one (after a confirmation) and adding a member to a group or taking one out.
import { h, userText, screenRoot, field, select } from "../lib/dom.js";
import { del, patch, post } from "../lib/api.js";
import { notify, submitting, errorText, confirmPanel } from "../lib/ui.js";
import { state, enterProcess, setView, may, delegations as loadDelegations } from "../lib/state.js";
import { processNav, freshlyDrawn } from "./process-nav.js";
import { delegationLists, memberChoices, codeFromName, delegationControls } from "./delegation-groups.js";
import { t } from "../lib/i18n.js";

const kindWords = () => ({ state: t("admin.delegations.kindState"), organisation: t("admin.delegations.kindOrganisation"),
  group: t("admin.delegations.kindGroup") });

/** Rename and Remove, as the server lists them for the delegation. */
function controls(processId, d, changed) {
  const wanted = delegationControls(d);
  if (!wanted.length) return null;
  const box = h("span.delegation-controls");
  const error = h("span.error", { role: "alert" });
  const buttons = wanted.map(([action, label]) => h("button.small", {
    type: "button", "aria-label": t("admin.delegations.controlOf", { control: label, name: d.name }),
    on: { click: async () => {
      error.textContent = "";
      if (action === "remove") {
        box.dataset.dirty = "true"; // a live refresh waits while the person decides
        const sure = await confirmPanel(box, t("admin.delegations.removeQuestion", { name: d.name }),
          h("p", t("admin.delegations.removeExplained")), t("admin.delegations.remove"));
        delete box.dataset.dirty;
        if (!sure) return;
        try {
          await del(`/processes/${processId}/delegations/${d.id}`);
          notify(t("admin.delegations.removed", { name: d.name }));
          await changed();
        } catch (e) { error.textContent = errorText(e); }
        return;
      }
      const name = h("input", { type: "text", name: "name", value: d.name, required: true, maxlength: "200", dir: "auto" });
      const formError = h("p.error", { role: "alert" });
      const form = h("form.inline.rename", { "aria-label": t("admin.delegations.renameOf", { name: d.name }), "data-dirty": "true",
        on: { submit: submitting(formError, async () => {
          await patch(`/processes/${processId}/delegations/${d.id}`, { name: name.value });
          notify(t("admin.delegations.renamed", { name: d.name, newName: name.value.trim() }));
          await changed();
        }) } },
      field(t("admin.delegations.newNameOf", { name: d.name }), name), h("button.small", { type: "submit" }, t("admin.delegations.save")),
      h("button.small", { type: "button", on: { click: () => form.remove() } }, t("admin.delegations.cancel")), formError);
      box.append(form);
      name.focus();
    } },
  }, label));
  box.append(...buttons, error);
  return box;
}

function delegationItem(processId, d, changed) {
  return h("li", { "data-code": d.code }, userText("span", d.name), " ", h("span.badge", kindWords()[d.kind] ?? d.kind),
    h("small.hint", " ", d.code), " ", controls(processId, d, changed));
}

/** Adding a State, an organisation or a group (with members from this process's delegations). */
function addDelegationForm(processId, all, changed) {
  const name = h("input", { type: "text", name: "name", required: true, maxlength: "200", dir: "auto" });
  const code = h("input", { type: "text", name: "code", required: true, maxlength: "40", pattern: "[A-Z0-9_]{2,40}",
    autocomplete: "off", spellcheck: "false" });
  let codeTouched = false;
  code.addEventListener("input", () => { codeTouched = true; });
  name.addEventListener("input", () => { if (!codeTouched) code.value = codeFromName(name.value); });
  const words = kindWords();
  const kind = select([["state", words.state], ["organisation", words.organisation], ["group", words.group]], "state", { name: "kind" });
  const speakers = all.filter((d) => d.kind !== "group");
  const members = h("fieldset.members-choice", { hidden: true }, h("legend", t("admin.delegations.memberDelegations")),
    speakers.length ? speakers.map((d) => h("label.choice", h("input", { type: "checkbox", name: "members", value: d.code }), " ", userText("span", d.name)))
      : h("p.hint", t("admin.delegations.addMembersFirst")));
  kind.addEventListener("change", () => { members.hidden = kind.value === "state"; });
  const error = h("p.error", { role: "alert" });
  return h("form.card.add-delegation", { "aria-labelledby": "add-delegation-title", "data-dirty": "false",
    on: { input: (e) => { e.currentTarget.dataset.dirty = "true"; }, submit: submitting(error, async () => {
      const chosen = kind.value !== "state" ? [...members.querySelectorAll("input:checked")].map((i) => i.value) : [];
      const made = await post(`/processes/${processId}/delegations`, { code: code.value.trim(), name: name.value, kind: kind.value, members: chosen });
      notify(t("admin.delegations.added", { name: made.name }));
      await changed();
    }) } },
  h("h3#add-delegation-title", t("admin.delegations.addTitle")),
  field(t("admin.delegations.name"), name), field(t("admin.delegations.code"), code, t("admin.delegations.codeHint")),
  field(t("admin.delegations.kind"), kind), members, h("button", { type: "submit" }, t("admin.delegations.add")), error);
}

function memberItem(processId, group, member, changed, manage) {
  const leave = manage ? h("button.small", {
    type: "button", "aria-label": t("admin.delegations.takeOutOf", { member: member.name, group: group.name }),
    on: {
      click: async () => {
        await del(`/processes/${processId}/delegations/${group.id}/members/${member.id}`);
        notify(t("admin.delegations.left", { member: member.name, group: group.name }));
        await changed();
      },
    },
  }, t("admin.delegations.takeOut")) : null;
  return h("li", userText("span", member.name), leave ? [" ", leave] : null);
}

function addMemberForm(processId, all, group, changed) {
  const choices = memberChoices(all, group);
  if (choices.length === 0) return h("p.hint", t("admin.delegations.everyoneMember"));
  const choice = select(choices.map((d) => [d.id, d.name]), choices[0].id, { name: "member" });
  const error = h("p.error", { role: "alert" });
  return h("form.add-member", {
    "aria-label": t("admin.delegations.addMemberTo", { group: group.name }),
    on: {
      submit: submitting(error, async () => {
        const joining = choices.find((d) => String(d.id) === choice.value);
        await post(`/processes/${processId}/delegations/${group.id}/members`, { delegation_id: Number(choice.value) });
        notify(t("admin.delegations.joined", { member: joining.name, group: group.name }));
        await changed();
      }),
    },
  }, field(t("admin.delegations.delegation"), choice), h("button", { type: "submit" }, t("admin.delegations.addToGroup")), error);
}

function groupCard(processId, all, group, changed) {
  const members = group.memberDelegations;
  const manage = (group.actions ?? []).includes("change_members");
  return h("article.card.group", { "aria-labelledby": `group-${group.id}` },
    h(`h3#group-${group.id}`, userText("span", group.name)), controls(processId, group, changed),
    members.length ? h("ul.members", { "aria-label": t("admin.delegations.membersOf", { group: group.name }) },
      members.map((m) => memberItem(processId, group, m, changed, manage)))
      : h("p.hint", t("admin.delegations.noMembers")),
    manage ? addMemberForm(processId, all, group, changed) : null);
}

export async function delegations(processId) {
  const render = async () => {
    const root = screenRoot();
    await enterProcess(processId);
    state.delegations = null; // a live change of the process may be one of its groups'
    const all = await loadDelegations();
    const { delegations: own, groups } = delegationLists(all);
    const manage = may("delegations.manage");
    const changed = render;
    root.replaceChildren(processNav("delegations"),
      h("section", { "aria-labelledby": "delegations-title" },
        h("h2#delegations-title", t("admin.delegations.title")),
        h("div.grid",
          h("div.card", h("h3", t("admin.delegations.delegations")),
            own.length ? h("ul.delegations", own.map((d) => delegationItem(processId, d, changed))) : h("p.hint", t("admin.delegations.noDelegation"))),
          h("div.groups", groups.length ? groups.map((g) => groupCard(processId, all, g, changed))
            : h("p.hint", t("admin.delegations.noGroup"))),
          manage ? addDelegationForm(processId, all, changed) : null)));
    freshlyDrawn();
  };
  setView(render);
  await render();
}
