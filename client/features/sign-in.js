// The sign-in form, and the header once signed in (who you are, sign out).
import { h, $, userText, viewRoot } from "../lib/dom.js";
import { get, post } from "../lib/api.js";
import { errorText } from "../lib/ui.js";
import * as live from "../lib/live.js";
import { state } from "../lib/state.js";
import { inboxLink } from "./inbox.js";

/** Whether a session is open; loads who is signed in. */
export async function signedIn() {
  try {
    state.me = await get("/auth/me");
    return true;
  } catch {
    state.me = null;
    return false;
  }
}

/** The header's name and sign-out button (empty when signed out); onSignedOut re-routes. */
export function renderHeader(onSignedOut) {
  const user = $("#user");
  user.replaceChildren();
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
    h("a.who", { href: "#/account", title: "Your account" }, userText("span", state.me.user.name)),
    h("button#signout", { type: "button", on: { click: signOut } }, "Sign out"));
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
  h("h2#signin-title", "Sign in"),
  h("div.field", h("label", { for: "email" }, "E-mail"), email),
  h("div.field", h("label", { for: "password" }, "Password"), password),
  h("button.primary", { type: "submit" }, "Sign in"),
  error);
  viewRoot().replaceChildren(h("section", { "aria-labelledby": "signin-title" }, form),
    h("p.small", "The JSON API is described at ", h("a", { href: "/api/v1/openapi.json" }, "/api/v1/openapi.json"), "."));
  email.focus();
}
