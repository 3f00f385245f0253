// Pure helpers of the "People" screen: what the person asking is shown as, and which controls
// the server's answers allow (the browser never re-derives a rule).
import { t } from "../lib/i18n.js";

/** How a process shows the person's own part: their role, or "Administrator" without one. */
export function yourPart(process, roleLabel) {
  if (process.your_role) return roleLabel(process.your_role);
  return process.administrator ? t("admin.people.administrator") : t("admin.people.noRole");
}

/** Whether the person may invite at all: those who manage participants, or a focal point. */
export function mayInvite(process) {
  const actions = process.actions ?? [];
  return actions.includes("participants.manage")
    || (process.your_focal_point && actions.includes("participants.add_own_delegate"));
}

/** The controls shown for one participant, from the server's per-item actions, in order. */
export function participantControls(participant) {
  const words = { make_focal_point: t("admin.people.makeFocalPoint"), change_role: t("admin.people.changeRole"),
    remove: t("admin.people.remove") };
  return ["make_focal_point", "change_role", "remove"]
    .filter((a) => (participant.actions ?? []).includes(a))
    .map((a) => [a, words[a]]);
}

/** The roles offered when inviting: a focal point invites delegates of its own delegation. */
export function invitableRoles(process, roleOptions) {
  const actions = process.actions ?? [];
  if (actions.includes("participants.manage")) return roleOptions;
  return roleOptions.filter(([code]) => code === "delegate");
}

/** The controls shown for one pending invitation, from the server's actions for it. */
export function invitationControls(invitation) {
  const words = { resend: t("admin.people.resend"), revoke: t("admin.people.revoke") };
  return ["resend", "revoke"].filter((a) => (invitation.actions ?? []).includes(a)).map((a) => [a, words[a]]);
}
