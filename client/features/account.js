// The screen "Your account" (#/account): the name Accord shows for you, how you are e-mailed
// about your inbox, changing your password (with the current one) and signing out everywhere.
// Only the signed-in person's own account: nobody sets or sees another person's password.
import { h, userText, screenRoot, field } from "../lib/dom.js";
import { get, patch, post, put } from "../lib/api.js";
import { notify, submitting, errorText, confirmPanel } from "../lib/ui.js";
import * as live from "../lib/live.js";
import { state, setView } from "../lib/state.js";
import { passwordProblem, MIN_PASSWORD_LENGTH } from "./password-choice.js";
import { MAIL_CHOICES, signedOutSentence } from "./account-forms.js";

function nameForm(me, changed) {
  const name = h("input", { type: "text", name: "name", value: me.user.name, required: true, maxlength: "200", dir: "auto", autocomplete: "name" });
  const error = h("p.error", { role: "alert" });
  return h("form.card#account-name", { "aria-labelledby": "account-name-title",
    on: { submit: submitting(error, async () => {
      state.me = await patch("/auth/me", { name: name.value });
      const shown = document.querySelector("#user a.who span"); // the header's name
      if (shown) shown.textContent = state.me.user.name;
      notify(`Accord now shows you as ${state.me.user.name}.`);
      await changed();
    }) } },
  h("h3#account-name-title", "Your name"),
  h("p", "Signed in as ", userText("strong", me.user.email), ". The e-mail address is the one your invitations were sent to."),
  field("Name", name), h("button", { type: "submit" }, "Save the name"), error);
}

function mailForm(current) {
  const status = h("p.small", { role: "status" });
  return h("form.card#account-mail", { "aria-labelledby": "account-mail-title", on: { submit: (e) => e.preventDefault() } },
    h("h3#account-mail-title", "E-mail about your inbox"),
    h("fieldset#inbox-mail", h("legend", "E-mail me about my inbox"),
      MAIL_CHOICES.map(([value, words]) => h("label.choice",
        h("input", { type: "radio", name: "inbox-mail", value, checked: value === current,
          on: { change: async () => {
            status.textContent = "";
            try {
              await put("/inbox/mail", { mail: value });
              status.textContent = "Saved.";
            } catch (e) { status.textContent = errorText(e); }
          } } }), " ", words))),
    status);
}

function passwordForm() {
  const current = h("input", { type: "password", name: "current_password", required: true, autocomplete: "current-password" });
  const fresh = h("input", { type: "password", name: "new_password", required: true, autocomplete: "new-password", minlength: String(MIN_PASSWORD_LENGTH) });
  const again = h("input", { type: "password", name: "new_password_again", required: true, autocomplete: "new-password" });
  const error = h("p.error", { role: "alert" });
  return h("form.card#account-password", { "aria-labelledby": "account-password-title",
    on: { submit: submitting(error, async () => {
      const problem = passwordProblem(fresh.value, again.value);
      if (problem) { error.textContent = problem; return; }
      await post("/auth/password", { current_password: current.value, new_password: fresh.value });
      for (const input of [current, fresh, again]) input.value = "";
      notify("Your password is changed; your other sessions have ended.");
    }) } },
  h("h3#account-password-title", "Change your password"),
  h("p.hint", "Your other browser sessions end; this one stays signed in."),
  field("Current password", current), field("New password", fresh, `At least ${MIN_PASSWORD_LENGTH} characters.`),
  field("New password again", again), h("button", { type: "submit" }, "Change the password"), error);
}

function signOutEverywhere(onSignedOut) {
  const box = h("div.card#account-sessions", { "aria-labelledby": "account-sessions-title" });
  const error = h("p.error", { role: "alert" });
  const button = h("button.danger", { type: "button", on: { click: async () => {
    error.textContent = "";
    const sure = await confirmPanel(box, "Sign out everywhere?",
      h("p", "Every browser where you are signed in, this one too, is signed out, and your API tokens stop working."),
      "Sign out everywhere");
    if (!sure) return;
    try {
      const done = await post("/auth/sign-out-everywhere");
      live.disconnect();
      state.reset();
      notify(signedOutSentence(done));
      onSignedOut();
    } catch (e) { error.textContent = errorText(e); }
  } } }, "Sign out everywhere");
  box.append(h("h3#account-sessions-title", "Signed in elsewhere?"),
    h("p", "If you signed in on a computer you no longer use, or lost a device, end every session at once."),
    button, error);
  return box;
}

export async function account(onSignedOut) {
  state.processId = null;
  const render = async () => {
    const root = screenRoot();
    const [me, mail] = await Promise.all([get("/auth/me"), get("/inbox/mail")]);
    state.me = me;
    root.replaceChildren(h("section", { "aria-labelledby": "account-title" },
      h("h2#account-title", "Your account"),
      h("div.grid", nameForm(me, render), mailForm(mail.mail), passwordForm(), signOutEverywhere(onSignedOut))));
  };
  setView(render);
  await render();
}
