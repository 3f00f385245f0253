// The screen "Your account" (#/account): the name Accord shows for you, how you are e-mailed
// about your inbox, changing your password (with the current one) and signing out everywhere.
// Only the signed-in person's own account: nobody sets or sees another person's password.
import { h, userText, screenRoot, field } from "../lib/dom.js";
import { get, patch, post, put } from "../lib/api.js";
import { notify, submitting, errorText, confirmPanel } from "../lib/ui.js";
import * as live from "../lib/live.js";
import { state, setView } from "../lib/state.js";
import { passwordProblem, MIN_PASSWORD_LENGTH } from "./password-choice.js";
import { mailChoices, signedOutSentence, languageChoices } from "./account-forms.js";
import { t, tParts, setLanguage, storeLanguage, currentLanguage, initialLanguage, LANGUAGE_NAMES } from "../lib/i18n.js";

function nameForm(me, changed) {
  const name = h("input", { type: "text", name: "name", value: me.user.name, required: true, maxlength: "200", dir: "auto", autocomplete: "name" });
  const error = h("p.error", { role: "alert" });
  return h("form.card#account-name", { "aria-labelledby": "account-name-title",
    on: { submit: submitting(error, async () => {
      state.me = await patch("/auth/me", { name: name.value });
      const shown = document.querySelector("#user a.who span"); // the header's name
      if (shown) shown.textContent = state.me.user.name;
      notify(t("account.name.saved", { name: state.me.user.name }));
      await changed();
    }) } },
  h("h3#account-name-title", t("account.name.title")),
  h("p", tParts("account.name.signedInAs", { email: userText("strong", me.user.email) })),
  field(t("account.name.label"), name), h("button", { type: "submit" }, t("account.name.save")), error);
}

function mailForm(current) {
  const status = h("p.small", { role: "status" });
  return h("form.card#account-mail", { "aria-labelledby": "account-mail-title", on: { submit: (e) => e.preventDefault() } },
    h("h3#account-mail-title", t("account.mail.title")),
    h("fieldset#inbox-mail", h("legend", t("account.mail.legend")),
      mailChoices().map(([value, words]) => h("label.choice",
        h("input", { type: "radio", name: "inbox-mail", value, checked: value === current,
          on: { change: async () => {
            status.textContent = "";
            try {
              await put("/inbox/mail", { mail: value });
              status.textContent = t("account.saved");
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
      notify(t("account.password.changed"));
    }) } },
  h("h3#account-password-title", t("account.password.title")),
  h("p.hint", t("account.password.hint")),
  field(t("account.password.current"), current), field(t("account.password.new"), fresh, t("account.password.atLeast", { count: MIN_PASSWORD_LENGTH })),
  field(t("account.password.again"), again), h("button", { type: "submit" }, t("account.password.change")), error);
}

/**
 * The interface's language, kept in the profile (PATCH /auth/me {language}); "" leaves the
 * choice to the browser's languages. The screen (and the header) is drawn again in it at once.
 */
function languageForm(me, changed) {
  const status = h("p.small", { role: "status" });
  const chosen = me.user.language ?? "";
  return h("form.card#account-language", { "aria-labelledby": "account-language-title", on: { submit: (e) => e.preventDefault() } },
    h("h3#account-language-title", t("account.language.title")),
    h("p.hint", t("account.language.hint")),
    h("fieldset#interface-language", h("legend", t("account.language.title")),
      languageChoices().map(([value, words]) => h("label.choice",
        h("input", { type: "radio", name: "interface-language", value, checked: value === chosen,
          on: { change: async () => {
            status.textContent = "";
            try {
              state.me = await patch("/auth/me", { language: value || null });
              const code = value || initialLanguage({ preferred: navigator.languages ?? [] });
              if (value) storeLanguage(value);
              setLanguage(code);
              await changed();
              notify(t("account.language.saved", { language: LANGUAGE_NAMES[currentLanguage()] }));
            } catch (e) { status.textContent = errorText(e); }
          } } }), " ", value ? h("bdi", { lang: value }, words) : words))),
    status);
}

function signOutEverywhere(onSignedOut) {
  const box = h("div.card#account-sessions", { "aria-labelledby": "account-sessions-title" });
  const error = h("p.error", { role: "alert" });
  const button = h("button.danger", { type: "button", on: { click: async () => {
    error.textContent = "";
    const sure = await confirmPanel(box, t("account.sessions.confirmTitle"),
      h("p", t("account.sessions.confirmBody")), t("account.sessions.button"));
    if (!sure) return;
    try {
      const done = await post("/auth/sign-out-everywhere");
      live.disconnect();
      state.reset();
      notify(signedOutSentence(done));
      onSignedOut();
    } catch (e) { error.textContent = errorText(e); }
  } } }, t("account.sessions.button"));
  box.append(h("h3#account-sessions-title", t("account.sessions.title")),
    h("p", t("account.sessions.hint")),
    button, error);
  return box;
}

/** `redraw` draws the header and this screen again (after a language change). */
export async function account(onSignedOut, redraw) {
  state.processId = null;
  const render = async () => {
    const root = screenRoot();
    const [me, mail] = await Promise.all([get("/auth/me"), get("/inbox/mail")]);
    state.me = me;
    root.replaceChildren(h("section", { "aria-labelledby": "account-title" },
      h("h2#account-title", t("account.title")),
      h("div.grid", nameForm(me, render), languageForm(me, redraw), mailForm(mail.mail), passwordForm(), signOutEverywhere(onSignedOut))));
  };
  setView(render);
  await render();
}
