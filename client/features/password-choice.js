// Choosing one's own password (an invitation, a reset link): the checks the form makes before
// it sends anything. The server checks again; its rule is the one that counts.
import { t } from "../lib/i18n.js";

/** The server's rule: at least this many characters (server/features/auth/passwords.py). */
export const MIN_PASSWORD_LENGTH = 10;

/** The hint beside a new password field: "At least 10 characters." */
export function passwordHint() {
  return t("admin.password.hint", { count: MIN_PASSWORD_LENGTH });
}

/** What is wrong with a chosen password and its confirmation, or null when nothing is. */
export function passwordProblem(password, confirmation) {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    return t("admin.password.tooShort", { count: MIN_PASSWORD_LENGTH });
  }
  if (password !== confirmation) return t("admin.password.notSame");
  return null;
}

/** The sentence that says what an invitation offers (the server's details of it). */
export function invitationOffer(details) {
  if (details.administrator) return t("admin.invitation.offerAdminister");
  const delegation = details.delegation_name ?? details.delegation;
  if (details.delegation) {
    return details.focal_point ? t("admin.invitation.offerFocalPoint", { process: details.process_title, delegation })
      : t("admin.invitation.offerDelegate", { process: details.process_title, delegation });
  }
  const roles = { co_facilitator: t("admin.invitation.roleCoFacilitator"), secretariat: t("admin.invitation.roleSecretariat"),
    observer: t("admin.invitation.roleObserver"), delegate: t("admin.invitation.roleDelegate") };
  return t("admin.invitation.offerRole", { process: details.process_title,
    role: roles[details.role] ?? (details.role ?? "").replace("_", "-") });
}
