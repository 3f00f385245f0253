// The page an invitation link opens (#/invitation/<token>): what is offered and by whom, then
// accept (choosing one's own password for a new account, or signing in to an existing one) or
// decline. The token stays in the address's fragment: it never reaches a server log.
import { h, userText, viewRoot, field } from "../lib/dom.js";
import { post } from "../lib/api.js";
import { errorText, submitting } from "../lib/ui.js";
import { passwordProblem, invitationOffer, passwordHint } from "./password-choice.js";
import { t, tParts } from "../lib/i18n.js";
import { fmtDate } from "../lib/format.js";

/** Render the invitation behind ``token``; ``enter(hash)`` goes on, signed in, to ``hash``. */
export async function invitation(token, enter) {
  const root = viewRoot();
  let details;
  try {
    details = await post("/invitations/inspect", { token });
  } catch (e) {
    root.replaceChildren(h("section.card.narrow", h("h2", t("admin.invitation.title")),
      h("p.error", { role: "alert" }, errorText(e)), h("p", h("a", { href: "#/" }, t("admin.invitation.signIn")))));
    return;
  }
  const error = h("p.error", { role: "alert" });
  const target = details.process_id ? `#/p/${details.process_id}` : "#/";
  const attempt = (work) => submitting(error, work);
  const decline = h("button", { type: "button", on: { click: attempt(async () => {
    await post("/invitations/decline", { token });
    root.replaceChildren(h("section.card.narrow", h("h2", t("admin.invitation.declined")),
      h("p", t("admin.invitation.declinedExplained"))));
  }) } }, t("admin.invitation.decline"));

  let form;
  if (!details.account_exists) {
    const name = h("input", { type: "text", autocomplete: "name", required: true, value: details.proposed_name });
    const password = h("input", { type: "password", autocomplete: "new-password", required: true });
    const again = h("input", { type: "password", autocomplete: "new-password", required: true });
    form = h("form", { on: { submit: attempt(async () => {
      const problem = passwordProblem(password.value, again.value);
      if (problem) throw new Error(problem);
      await post("/invitations/accept", { token, password: password.value, name: name.value });
      await post("/auth/login", { email: details.email, password: password.value });
      enter(target);
    }) } },
    h("p", t("admin.invitation.choosePassword")),
    field(t("admin.invitation.yourName"), name), field(t("admin.password.password"), password, passwordHint()),
    field(t("admin.password.again"), again),
    h("button.primary", { type: "submit" }, t("admin.invitation.accept")), " ", decline);
  } else if (!details.signed_in_as_invitee) {
    const password = h("input", { type: "password", autocomplete: "current-password", required: true });
    form = h("form", { on: { submit: attempt(async () => {
      await post("/auth/login", { email: details.email, password: password.value });
      await post("/invitations/accept", { token });
      enter(target);
    }) } },
    h("p", t("admin.invitation.haveAccount")),
    field(t("admin.password.password"), password),
    h("button.primary", { type: "submit" }, t("admin.invitation.signInAndAccept")), " ", decline);
  } else {
    form = h("form", { on: { submit: attempt(async () => {
      await post("/invitations/accept", { token });
      enter(target);
    }) } }, h("button.primary", { type: "submit" }, t("admin.invitation.accept")), " ", decline);
  }
  root.replaceChildren(h("section.card.narrow", { "aria-labelledby": "invitation-title" },
    h("h2#invitation-title", t("admin.invitation.title")),
    h("p", tParts("admin.invitation.invites", {
      who: details.invited_by ? userText("strong", details.invited_by) : h("strong", t("admin.invitation.someone")),
      email: userText("strong", details.email), offer: userText("span", invitationOffer(details)) })),
    h("p.small", t("admin.invitation.linkOnce", { date: fmtDate(details.expires_at) })),
    form, error));
}
