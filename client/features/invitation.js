// The page an invitation link opens (#/invitation/<token>): what is offered and by whom, then
// accept (choosing one's own password for a new account, or signing in to an existing one) or
// decline. The token stays in the address's fragment: it never reaches a server log.
import { h, userText, viewRoot, field } from "../lib/dom.js";
import { post } from "../lib/api.js";
import { errorText, submitting } from "../lib/ui.js";
import { passwordProblem, invitationOffer } from "./password-choice.js";

/** Render the invitation behind ``token``; ``enter(hash)`` goes on, signed in, to ``hash``. */
export async function invitation(token, enter) {
  const root = viewRoot();
  let details;
  try {
    details = await post("/invitations/inspect", { token });
  } catch (e) {
    root.replaceChildren(h("section.card.narrow", h("h2", "Invitation"),
      h("p.error", { role: "alert" }, errorText(e)), h("p", h("a", { href: "#/" }, "Sign in"))));
    return;
  }
  const error = h("p.error", { role: "alert" });
  const target = details.process_id ? `#/p/${details.process_id}` : "#/";
  const attempt = (work) => submitting(error, work);
  const decline = h("button", { type: "button", on: { click: attempt(async () => {
    await post("/invitations/decline", { token });
    root.replaceChildren(h("section.card.narrow", h("h2", "Invitation declined"),
      h("p", "Nobody was told who you are. You may close this page.")));
  }) } }, "Decline");

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
    h("p", "Choose the password of your new account. Nobody else knows it, nor ever will."),
    field("Your name", name), field("Password", password, "At least 10 characters."),
    field("Password again", again),
    h("button.primary", { type: "submit" }, "Accept"), " ", decline);
  } else if (!details.signed_in_as_invitee) {
    const password = h("input", { type: "password", autocomplete: "current-password", required: true });
    form = h("form", { on: { submit: attempt(async () => {
      await post("/auth/login", { email: details.email, password: password.value });
      await post("/invitations/accept", { token });
      enter(target);
    }) } },
    h("p", "You have an Accord account: sign in with its password to accept."),
    field("Password", password),
    h("button.primary", { type: "submit" }, "Sign in and accept"), " ", decline);
  } else {
    form = h("form", { on: { submit: attempt(async () => {
      await post("/invitations/accept", { token });
      enter(target);
    }) } }, h("button.primary", { type: "submit" }, "Accept"), " ", decline);
  }
  root.replaceChildren(h("section.card.narrow", { "aria-labelledby": "invitation-title" },
    h("h2#invitation-title", "Invitation"),
    h("p", userText("strong", details.invited_by ?? "Someone"), " invites ",
      userText("strong", details.email), " ", userText("span", invitationOffer(details)), "."),
    h("p.small", `The link works once, until ${new Date(details.expires_at).toLocaleString()}.`),
    form, error));
}
