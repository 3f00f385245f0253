// Forgotten passwords (#/password-reset): ask for a link by e-mail; the link
// (#/password-reset/<token>) opens the form that sets the new password, once.
import { h, viewRoot, field } from "../lib/dom.js";
import { post } from "../lib/api.js";
import { submitting } from "../lib/ui.js";
import { passwordProblem, passwordHint } from "./password-choice.js";
import { t } from "../lib/i18n.js";

export function passwordReset(token) {
  const error = h("p.error", { role: "alert" });
  const card = (...children) => viewRoot().replaceChildren(
    h("section.card.narrow", { "aria-labelledby": "reset-title" },
      h("h2#reset-title", t("admin.password.resetTitle")), ...children));
  const attempt = (work) => submitting(error, work);
  if (!token) {
    const email = h("input", { type: "email", autocomplete: "username", required: true });
    card(h("form", { on: { submit: attempt(async () => {
      await post("/auth/password-reset", { email: email.value });
      card(h("p", t("admin.password.linkSent")),
        h("p", h("a", { href: "#/" }, t("admin.password.backToSignIn"))));
    }) } }, field(t("admin.password.email"), email), h("button.primary", { type: "submit" }, t("admin.password.sendLink"))),
    error);
    return;
  }
  const password = h("input", { type: "password", autocomplete: "new-password", required: true });
  const again = h("input", { type: "password", autocomplete: "new-password", required: true });
  card(h("form", { on: { submit: attempt(async () => {
    const problem = passwordProblem(password.value, again.value);
    if (problem) throw new Error(problem);
    await post("/auth/password-reset/complete", { token, password: password.value });
    card(h("p", t("admin.password.set")),
      h("p", h("a", { href: "#/" }, t("admin.password.signIn"))));
  }) } },
  field(t("admin.password.newPassword"), password, passwordHint()), field(t("admin.password.again"), again),
  h("button.primary", { type: "submit" }, t("admin.password.submit"))), error);
}
