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

const KIND_WORDS = { state: "State", organisation: "Organisation", group: "Group" };

/** Rename and Remove, as the server lists them for the delegation. */
function controls(processId, d, changed) {
  const wanted = delegationControls(d);
  if (!wanted.length) return null;
  const box = h("span.delegation-controls");
  const error = h("span.error", { role: "alert" });
  const buttons = wanted.map(([action, label]) => h("button.small", {
    type: "button", "aria-label": `${label}: ${d.name}`,
    on: { click: async () => {
      error.textContent = "";
      if (action === "remove") {
        box.dataset.dirty = "true"; // a live refresh waits while the person decides
        const sure = await confirmPanel(box, `Remove ${d.name} from the process?`,
          h("p", "Nobody takes part for it and nothing was done in its name yet; it leaves the list (and any group it was a member of)."),
          "Remove");
        delete box.dataset.dirty;
        if (!sure) return;
        try {
          await del(`/processes/${processId}/delegations/${d.id}`);
          notify(`${d.name} was removed from the process.`);
          await changed();
        } catch (e) { error.textContent = errorText(e); }
        return;
      }
      const name = h("input", { type: "text", name: "name", value: d.name, required: true, maxlength: "200", dir: "auto" });
      const formError = h("p.error", { role: "alert" });
      const form = h("form.inline.rename", { "aria-label": `Rename ${d.name}`, "data-dirty": "true",
        on: { submit: submitting(formError, async () => {
          await patch(`/processes/${processId}/delegations/${d.id}`, { name: name.value });
          notify(`${d.name} is now called ${name.value.trim()}.`);
          await changed();
        }) } },
      field(`New name of ${d.name}`, name), h("button.small", { type: "submit" }, "Save"),
      h("button.small", { type: "button", on: { click: () => form.remove() } }, "Cancel"), formError);
      box.append(form);
      name.focus();
    } },
  }, label));
  box.append(...buttons, error);
  return box;
}

function delegationItem(processId, d, changed) {
  return h("li", { "data-code": d.code }, userText("span", d.name), " ", h("span.badge", KIND_WORDS[d.kind] ?? d.kind),
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
  const kind = select([["state", "State"], ["organisation", "Organisation"], ["group", "Group"]], "state", { name: "kind" });
  const speakers = all.filter((d) => d.kind !== "group");
  const members = h("fieldset.members-choice", { hidden: true }, h("legend", "Member delegations"),
    speakers.length ? speakers.map((d) => h("label.choice", h("input", { type: "checkbox", name: "members", value: d.code }), " ", userText("span", d.name)))
      : h("p.hint", "Add the member States first."));
  kind.addEventListener("change", () => { members.hidden = kind.value === "state"; });
  const error = h("p.error", { role: "alert" });
  return h("form.card.add-delegation", { "aria-labelledby": "add-delegation-title", "data-dirty": "false",
    on: { input: (e) => { e.currentTarget.dataset.dirty = "true"; }, submit: submitting(error, async () => {
      const chosen = kind.value !== "state" ? [...members.querySelectorAll("input:checked")].map((i) => i.value) : [];
      const made = await post(`/processes/${processId}/delegations`, { code: code.value.trim(), name: name.value, kind: kind.value, members: chosen });
      notify(`${made.name} takes part in the process.`);
      await changed();
    }) } },
  h("h3#add-delegation-title", "Add a delegation or group"),
  field("Name", name), field("Code", code, "Capital letters, digits or _, e.g. MEX or AFRICAN_GROUP; it never changes."),
  field("Kind", kind), members, h("button", { type: "submit" }, "Add"), error);
}

function memberItem(processId, group, member, changed, manage) {
  const leave = manage ? h("button.small", {
    type: "button", "aria-label": `Take out ${member.name} from ${group.name}`,
    on: {
      click: async () => {
        await del(`/processes/${processId}/delegations/${group.id}/members/${member.id}`);
        notify(`${member.name} left ${group.name}.`);
        await changed();
      },
    },
  }, "Take out") : null;
  return h("li", userText("span", member.name), leave ? [" ", leave] : null);
}

function addMemberForm(processId, all, group, changed) {
  const choices = memberChoices(all, group);
  if (choices.length === 0) return h("p.hint", "Every delegation of this process is a member.");
  const choice = select(choices.map((d) => [d.id, d.name]), choices[0].id, { name: "member" });
  const error = h("p.error", { role: "alert" });
  return h("form.add-member", {
    "aria-label": `Add a member to ${group.name}`,
    on: {
      submit: submitting(error, async () => {
        const joining = choices.find((d) => String(d.id) === choice.value);
        await post(`/processes/${processId}/delegations/${group.id}/members`, { delegation_id: Number(choice.value) });
        notify(`${joining.name} joined ${group.name}.`);
        await changed();
      }),
    },
  }, field("Delegation", choice), h("button", { type: "submit" }, "Add to the group"), error);
}

function groupCard(processId, all, group, changed) {
  const members = group.memberDelegations;
  const manage = (group.actions ?? []).includes("change_members");
  return h("article.card.group", { "aria-labelledby": `group-${group.id}` },
    h(`h3#group-${group.id}`, userText("span", group.name)), controls(processId, group, changed),
    members.length ? h("ul.members", { "aria-label": `Members of ${group.name}` },
      members.map((m) => memberItem(processId, group, m, changed, manage)))
      : h("p.hint", "No member delegations yet."),
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
        h("h2#delegations-title", "Delegations and groups"),
        h("div.grid",
          h("div.card", h("h3", "Delegations"),
            own.length ? h("ul.delegations", own.map((d) => delegationItem(processId, d, changed))) : h("p.hint", "No delegation takes part yet.")),
          h("div.groups", groups.length ? groups.map((g) => groupCard(processId, all, g, changed))
            : h("p.hint", "No group takes part yet.")),
          manage ? addDelegationForm(processId, all, changed) : null)));
    freshlyDrawn();
  };
  setView(render);
  await render();
}
