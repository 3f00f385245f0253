// The screen "People" (#/p/N/people): who takes part, in which role and delegation, and, where
// the server says the person may, inviting someone, removing one (after a confirmation),
// changing a role and passing on the focal point. The invitations not yet answered are listed
// from the server (GET /processes/{id}/invitations: those the person could have sent), each
// with the actions it allows: send again (a new link) or revoke.
import { h, userText, screenRoot, field, select } from "../lib/dom.js";
import { t } from "../lib/i18n.js";
import { get, post, patch, del } from "../lib/api.js";
import { notify, submitting, errorText, confirmPanel } from "../lib/ui.js";
import { fmtDate } from "../lib/format.js";
import { options, roleLabel } from "../lib/labels.js";
import { state, enterProcess, setView, delegations as loadDelegations } from "../lib/state.js";
import { processNav, freshlyDrawn } from "./process-nav.js";
import { mayInvite, participantControls, invitableRoles, invitationControls } from "./people-list.js";

function control(processId, person, action, label, changed) {
  const base = `/processes/${processId}/participants/${person.id}`;
  const work = {
    remove: async () => { await del(base); notify(t("admin.people.removed", { name: person.name })); },
    make_focal_point: async () => { await post(`${base}/focal-point`); notify(t("admin.people.madeFocalPoint", { name: person.name })); },
  }[action];
  if (action === "change_role") {
    const others = options("roles").filter(([code]) => code !== person.role && code !== "delegate");
    const choice = select(others, others[0]?.[0], { name: "role", "aria-label": t("admin.people.newRoleOf", { name: person.name }) });
    const error = h("p.error", { role: "alert" });
    return h("form.inline", { "aria-label": t("admin.people.changeRoleOf", { name: person.name }),
      on: { submit: submitting(error, async () => {
        await patch(base, { role: choice.value }); notify(t("admin.people.roleChanged", { name: person.name, role: roleLabel(choice.value) })); await changed();
      }) } }, choice, h("button.small", { type: "submit" }, label), error);
  }
  const button = h("button.small", { type: "button", "aria-label": t("admin.people.controlOf", { control: label, name: person.name }),
    on: { click: async () => {
      if (action === "remove") {
        const cell = button.parentElement;
        cell.dataset.dirty = "true"; // a live refresh waits while the person decides
        const sure = await confirmPanel(cell, t("admin.people.removeQuestion", { name: person.name }),
          h("p", t("admin.people.removeExplained")), t("admin.people.remove"));
        delete cell.dataset.dirty;
        if (!sure) return;
      }
      try { await work(); await changed(); } catch (e) { notify(errorText(e), "error"); }
    } } }, label);
  return button;
}

function invitationControl(processId, invitation, action, label, changed) {
  const base = `/processes/${processId}/invitations/${invitation.id}`;
  const button = h("button.small", { type: "button", "aria-label": t("admin.people.controlOf", { control: label, name: invitation.email }),
    on: { click: async () => {
      if (action === "revoke") {
        const cell = button.parentElement;
        cell.dataset.dirty = "true";
        const sure = await confirmPanel(cell, t("admin.people.revokeQuestion", { email: invitation.email }),
          h("p", t("admin.people.revokeExplained")), t("admin.people.revoke"));
        delete cell.dataset.dirty;
        if (!sure) return;
      }
      try {
        if (action === "revoke") {
          await del(base);
          notify(t("admin.people.revoked", { email: invitation.email }));
        } else {
          await post(`${base}/resend`);
          notify(t("admin.people.resent", { email: invitation.email }));
        }
        await changed();
      } catch (e) { notify(errorText(e), "error"); }
    } } }, label);
  return button;
}

function invitationRow(processId, invitation, changed) {
  return h("tr.invited", { "data-invitation": invitation.id },
    h("td", userText("span", invitation.name), h("small.hint", " ", userText("span", invitation.email))),
    h("td", roleLabel(invitation.role), invitation.focal_point ? ` ${t("admin.people.focalPointMark")}` : "", " ",
      h("span.badge", t("admin.people.invitedBadge"))),
    h("td", invitation.delegation ?? "—"),
    h("td", h("small.hint", t("admin.people.until", { date: fmtDate(invitation.expires_at) }),
      invitation.invited_by ? ` · ${t("admin.people.invitedBy")} ` : ""),
      invitation.invited_by ? userText("small", invitation.invited_by, "hint") : null, " ",
      invitationControls(invitation).map(([a, label]) => invitationControl(processId, invitation, a, label, changed))));
}

function personRow(processId, person, changed) {
  return h("tr",
    h("td", userText("span", person.name), person.email ? h("small.hint", " ", userText("span", person.email)) : null),
    h("td", roleLabel(person.role), person.focal_point ? ` ${t("admin.people.focalPointMark")}` : ""),
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
    : [["", t("admin.people.noDelegation")], ...delegationList.map((d) => [d.code, d.name])];
  const delegation = select(codes, codes[0]?.[0], { name: "delegation" });
  const focal = h("input", { type: "checkbox", name: "focal_point" });
  const error = h("p.error", { role: "alert" });
  return h("form.card.invite", { "aria-labelledby": "invite-title", "data-dirty": "false",
    on: { input: (e) => { e.currentTarget.dataset.dirty = "true"; }, submit: submitting(error, async () => {
      const body = { email: email.value, name: name.value, role: role.value };
      if (delegation.value) body.delegation = delegation.value;
      if (!ownOnly && focal.checked) body.focal_point = true;
      const made = await post(`/processes/${p.id}/participants`, body);
      notify(t("admin.people.invited", { email: made.email }));
      await changed();
    }) } },
    h("h3#invite-title", t("admin.people.inviteTitle")),
    field(t("admin.people.email"), email), field(t("admin.people.name"), name), field(t("admin.people.role"), role),
    field(t("admin.people.delegation"), delegation),
    ownOnly ? null : h("div.field", h("label", focal, " ", t("admin.people.focalPointOfDelegation"))),
    h("button", { type: "submit" }, t("admin.people.sendInvitation")), error);
}

/** The columns of both tables. */
function head() {
  return h("thead", h("tr", h("th", { scope: "col" }, t("admin.people.name")), h("th", { scope: "col" }, t("admin.people.role")),
    h("th", { scope: "col" }, t("admin.people.delegation")), h("th", { scope: "col" }, t("admin.people.whatYouMayDo"))));
}

export async function people(processId) {
  const render = async () => {
    const root = screenRoot();
    const p = await enterProcess(processId);
    const inviting = mayInvite(p);
    state.delegations = null; // delegations added since (here or elsewhere) are offered
    const [list, delegationList, pending] = await Promise.all([
      get(`/processes/${processId}/participants`), loadDelegations(),
      inviting ? get(`/processes/${processId}/invitations`) : []]);
    root.replaceChildren(processNav("people"),
      h("section", { "aria-labelledby": "people-title" },
        h("h2#people-title", t("admin.people.title")),
        h("table.people", h("caption", t("admin.people.participants")), head(),
          h("tbody", list.map((x) => personRow(processId, x, render)))),
        inviting ? h("table.people.invitations", h("caption", t("admin.people.pendingCaption", { count: pending.length })),
          head(),
          h("tbody", pending.length ? pending.map((i) => invitationRow(processId, i, render))
            : h("tr", h("td", { colspan: "4" }, t("admin.people.noPending"))))) : null,
        inviting ? inviteForm(p, delegationList.filter((d) => d.kind !== "group"), render) : null));
    freshlyDrawn();
  };
  setView(render);
  await render();
}
