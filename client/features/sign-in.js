// The sign-in form, and the header: the interface's language (before signing in too), and once
// signed in who you are and signing out.
import { h, $, userText, viewRoot } from "../lib/dom.js";
import { get, post, patch } from "../lib/api.js";
import { t, tParts, LANGUAGES, LANGUAGE_NAMES, currentLanguage, setLanguage, storeLanguage, storedLanguage } from "../lib/i18n.js";
import { errorText } from "../lib/ui.js";
import * as live from "../lib/live.js";
import { state } from "../lib/state.js";
import { inboxLink } from "./inbox.js";

/** Whether a session is open; loads who is signed in. */
export async function signedIn() {
  try {
    state.me = await get("/auth/me");
    await followProfileLanguage();
    return true;
  } catch {
    state.me = null;
    return false;
  }
}

/**
 * The profile's language, once signed in: the one chosen there; with none chosen there, the one
 * this browser kept from before signing in is saved into the profile.
 */
async function followProfileLanguage() {
  const chosen = state.me?.user?.language;
  if (chosen) {
    if (chosen !== currentLanguage()) setLanguage(chosen);
    storeLanguage(chosen);
    return;
  }
  const kept = storedLanguage();
  if (kept && LANGUAGES.includes(kept)) {
    try { state.me = await patch("/auth/me", { language: kept }); } catch { /* kept in the browser only */ }
  }
}

/**
 * Switches the interface's language: kept in this browser, and in the profile when signed in;
 * then `redraw` draws the screen again in it (no reload).
 */
export async function switchLanguage(code, redraw) {
  setLanguage(code);
  storeLanguage(code);
  if (state.me) {
    try { state.me = await patch("/auth/me", { language: code }); } catch { /* shown in this browser anyway */ }
  }
  await redraw?.();
}

/** The header's compact language switcher: each language named in itself. */
export function languageSwitch(redraw) {
  const picker = h("select#language-switch.lang-switch", { "aria-label": t("common.languageSwitch"),
    on: { change: () => switchLanguage(picker.value, redraw) } },
  LANGUAGES.map((code) => h("option", { value: code, lang: code, dir: code === "ar" ? "rtl" : "ltr",
    selected: code === currentLanguage() }, LANGUAGE_NAMES[code])));
  return picker;
}

/**
 * The header's language switcher, name and sign-out button (only the switcher when signed
 * out); onSignedOut re-routes (and draws the screen again after a language switch).
 */
export function renderHeader(onSignedOut) {
  const user = $("#user");
  user.replaceChildren(languageSwitch(onSignedOut));
  if (!state.me) return;
  const signOut = async () => {
    try { await post("/auth/logout"); } catch { /* already out */ }
    live.disconnect();
    state.reset();
    renderHeader(onSignedOut);
    location.hash = "#/";
    onSignedOut();
  };
  user.append(
    inboxLink(),
    h("a.who", { href: "#/account", title: t("common.yourAccount") }, userText("span", state.me.user.name)),
    h("button#signout", { type: "button", on: { click: signOut } }, t("common.signOut")));
}

/** The sign-in screen; onSignedIn re-routes once the session is open. */
export function signIn(onSignedIn) {
  const email = h("input#email", { type: "email", name: "email", autocomplete: "username", required: true });
  const password = h("input#password", { type: "password", name: "password", autocomplete: "current-password", required: true });
  const error = h("p#signin-error.error", { role: "alert" });
  const form = h("form#signin-form.card.narrow", {
    on: {
      submit: async (event) => {
        event.preventDefault();
        error.textContent = "";
        try {
          await post("/auth/login", { email: email.value, password: password.value });
          await signedIn();
          onSignedIn();
        } catch (e) {
          error.textContent = errorText(e);
        }
      },
    },
  },
  h("h2#signin-title", t("common.signIn")),
  h("div.field", h("label", { for: "email" }, t("common.email")), email),
  h("div.field", h("label", { for: "password" }, t("common.password")), password),
  h("button.primary", { type: "submit" }, t("common.signIn")),
  error);
  viewRoot().replaceChildren(h("section", { "aria-labelledby": "signin-title" }, form),
    h("p.small", tParts("common.apiDescribed", { link: h("a", { href: "/api/v1/openapi.json" }, "/api/v1/openapi.json") })));
  email.focus();
}
