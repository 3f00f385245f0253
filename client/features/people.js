// The screen "People" (#/p/N/people): who takes part, in which role and delegation, and, where
// the server says the person may, inviting someone, removing one, changing a role and passing
// on the focal point. Invitations made here show as "invited" until they are accepted.
import { h, userText, screenRoot, field, select } from "../lib/dom.js";
import { get, post, patch, del } from "../lib/api.js";
import { notify, submitting } from "../lib/ui.js";
import { options, roleLabel } from "../lib/labels.js";
import { state, enterProcess, setView, delegations as loadDelegations } from "../lib/state.js";
import { processNav } from "./process-nav.js";
import { mayInvite, participantControls, invitableRoles } from "./people-list.js";

const invited = new Map(); // process id -> invitations made from this page, not yet accepted

function control(processId, person, action, label, changed) {
  const base = `/processes/${processId}/participants/${person.id}`;
  const work = {
    remove: async () => { await del(base); notify(`${person.name} no longer takes part.`); },
    make_focal_point: async () => { await post(`${base}/focal-point`); notify(`${person.name} is now the focal point.`); },
  }[action];
  if (action === "change_role") {
    const others = options("roles").filter(([code]) => code !== person.role && code !== "delegate");
    const choice = select(others, others[0]?.[0], { name: "role", "aria-label": `New role of ${person.name}` });
    const error = h("p.error", { role: "alert" });
    return h("form.inline", { "aria-label": `Change the role of ${person.name}`,
      on: { submit: submitting(error, async () => {
        await patch(base, { role: choice.value }); notify(`${person.name} is now ${roleLabel(choice.value)}.`); await changed();
      }) } }, choice, h("button.small", { type: "submit" }, label), error);
  }
  return h("button.small", { type: "button", "aria-label": `${label}: ${person.name}`,
    on: { click: async () => { await work(); await changed(); } } }, label);
}

function personRow(processId, person, changed) {
  return h("tr",
    h("td", userText("span", person.name), person.email ? h("small.hint", " ", userText("span", person.email)) : null),
    h("td", roleLabel(person.role), person.focal_point ? " (focal point)" : ""),
    h("td", person.delegation ?? "—"),
    h("td", participantControls(person).map(([a, label]) => control(processId, person, a, label, changed))));
}

function inviteForm(p, delegationList, changed) {
  const roles = invitableRoles(p, options("roles"));
  const ownOnly = !(p.actions ?? []).includes("participants.manage");
  const email = h("input", { type: "email", name: "email", required: true, autocomplete: "off" });
  const name = h("input", { type: "text", name: "name", required: true, maxlength: "200", dir: "auto" });
  const role = select(roles, roles[0]?.[0], { name: "role" });
  const codes = ownOnly ? [[p.your_delegation, p.your_delegation]]
    : [["", "None"], ...delegationList.map((d) => [d.code, d.name])];
  const delegation = select(codes, codes[0]?.[0], { name: "delegation" });
  const focal = h("input", { type: "checkbox", name: "focal_point" });
  const error = h("p.error", { role: "alert" });
  return h("form.card.invite", { "aria-labelledby": "invite-title",
    on: { submit: submitting(error, async () => {
      const body = { email: email.value, name: name.value, role: role.value };
      if (delegation.value) body.delegation = delegation.value;
      if (!ownOnly && focal.checked) body.focal_point = true;
      const made = await post(`/processes/${p.id}/participants`, body);
      invited.set(p.id, [...(invited.get(p.id) ?? []), { ...made, name: name.value }]);
      notify(`An invitation was sent to ${made.email}.`);
      await changed();
    }) } },
    h("h3#invite-title", "Invite a participant"),
    field("E-mail", email), field("Name", name), field("Role", role), field("Delegation", delegation),
    ownOnly ? null : h("div.field", h("label", focal, " Focal point of the delegation")),
    h("button", { type: "submit" }, "Send the invitation"), error);
}

export async function people(processId) {
  const render = async () => {
    const root = screenRoot();
    const p = await enterProcess(processId);
    const [list, delegationList] = await Promise.all([
      get(`/processes/${processId}/participants`), loadDelegations()]);
    const joined = new Set(list.map((x) => x.email).filter(Boolean));
    const pending = (invited.get(processId) ?? []).filter((i) => !joined.has(i.email));
    root.replaceChildren(processNav("people"),
      h("section", { "aria-labelledby": "people-title" },
        h("h2#people-title", "People"),
        h("table.people", h("caption", "Participants"),
          h("thead", h("tr", h("th", { scope: "col" }, "Name"), h("th", { scope: "col" }, "Role"),
            h("th", { scope: "col" }, "Delegation"), h("th", { scope: "col" }, "What you may do"))),
          h("tbody", list.map((x) => personRow(processId, x, render)),
            pending.map((i) => h("tr.invited", h("td", userText("span", i.name), h("small.hint", " ", userText("span", i.email))),
              h("td", roleLabel(i.role), " ", h("span.badge", "invited")), h("td", i.delegation ?? "—"), h("td"))))),
        mayInvite(p) ? inviteForm(p, delegationList.filter((d) => d.kind !== "group"), render) : null));
  };
  setView(render);
  await render();
}
