// The screen "Delegations and groups": the delegations taking part in this process and its
// groups with their members (all from this process: GET /processes/{id}/delegations), and, for
// whom the server says may manage them ("delegations.manage"), adding a member to a group from
// this process's delegations and taking one out.
import { h, userText, screenRoot, field, select } from "../lib/dom.js";
import { del, post } from "../lib/api.js";
import { notify, submitting } from "../lib/ui.js";
import { state, enterProcess, setView, may, delegations as loadDelegations } from "../lib/state.js";
import { processNav } from "./process-nav.js";
import { delegationLists, memberChoices } from "./delegation-groups.js";

const KIND_WORDS = { state: "State", organisation: "Organisation", group: "Group" };

function delegationItem(d) {
  return h("li", userText("span", d.name), " ", h("span.badge", KIND_WORDS[d.kind] ?? d.kind));
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

function groupCard(processId, all, group, changed, manage) {
  const members = group.memberDelegations;
  return h("article.card.group", { "aria-labelledby": `group-${group.id}` },
    h(`h3#group-${group.id}`, userText("span", group.name)),
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
            own.length ? h("ul.delegations", own.map(delegationItem)) : h("p.hint", "No delegation takes part yet.")),
          h("div.groups", groups.length ? groups.map((g) => groupCard(processId, all, g, changed, manage))
            : h("p.hint", "No group takes part yet.")))));
  };
  setView(render);
  await render();
}
