// Forgotten passwords (#/password-reset): ask for a link by e-mail; the link
// (#/password-reset/<token>) opens the form that sets the new password, once.
import { h, viewRoot, field } from "../lib/dom.js";
import { post } from "../lib/api.js";
import { submitting } from "../lib/ui.js";
import { passwordProblem } from "./password-choice.js";

export function passwordReset(token) {
  const error = h("p.error", { role: "alert" });
  const card = (...children) => viewRoot().replaceChildren(
    h("section.card.narrow", { "aria-labelledby": "reset-title" },
      h("h2#reset-title", "Set a new password"), ...children));
  const attempt = (work) => submitting(error, work);
  if (!token) {
    const email = h("input", { type: "email", autocomplete: "username", required: true });
    card(h("form", { on: { submit: attempt(async () => {
      await post("/auth/password-reset", { email: email.value });
      card(h("p", "If an account has this address, a link is on its way to it."),
        h("p", h("a", { href: "#/" }, "Back to sign-in")));
    }) } }, field("E-mail", email), h("button.primary", { type: "submit" }, "Send me a link")),
    error);
    return;
  }
  const password = h("input", { type: "password", autocomplete: "new-password", required: true });
  const again = h("input", { type: "password", autocomplete: "new-password", required: true });
  card(h("form", { on: { submit: attempt(async () => {
    const problem = passwordProblem(password.value, again.value);
    if (problem) throw new Error(problem);
    await post("/auth/password-reset/complete", { token, password: password.value });
    card(h("p", "Your password is set. Every session and token of your account has ended."),
      h("p", h("a", { href: "#/" }, "Sign in")));
  }) } },
  field("New password", password, "At least 10 characters."), field("Password again", again),
  h("button.primary", { type: "submit" }, "Set the password")), error);
}
