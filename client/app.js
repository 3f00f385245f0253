// Accord's browser client: buildless ES modules (no bundler), hash routing, live updates.
// All user text goes through textContent (see modules/dom.js), never innerHTML.
import { h, $, userText } from "./modules/dom.js";
import { get, post } from "./modules/api.js";
import { notify, errorText } from "./modules/ui.js";
import * as live from "./modules/live.js";
import { state, describeEvent } from "./modules/state.js";
import * as views from "./modules/views.js";
import * as staff from "./modules/staff.js";
import * as extra from "./modules/extra.js";

const ROUTES = [
  [/^#\/?$/, () => views.processList()],
  [/^#\/p\/(\d+)$/, (m) => views.home(+m[1])],
  [/^#\/p\/(\d+)\/text\/(\d+)\/(\d+)$/, (m, q) => views.text(+m[1], +m[2], +m[3], q.get("unit"))],
  [/^#\/p\/(\d+)\/amendments$/, (m, q) => views.amendments(+m[1], q)],
  [/^#\/p\/(\d+)\/compilation\/(\d+)$/, (m, q) => staff.compilation(+m[1], +m[2], q)],
  [/^#\/p\/(\d+)\/working\/(\d+)$/, (m) => staff.working(+m[1], +m[2])],
  [/^#\/p\/(\d+)\/manage$/, (m) => staff.manage(+m[1])],
  [/^#\/p\/(\d+)\/compare\/(\d+)$/, (m, q) => extra.compare(+m[1], +m[2], q)],
  [/^#\/p\/(\d+)\/timeline$/, (m) => extra.timeline(+m[1])],
  [/^#\/p\/(\d+)\/consultation$/, (m, q) => extra.consultation(+m[1], q)],
  [/^#\/p\/(\d+)\/dashboard$/, (m) => extra.dashboard(+m[1])],
];

async function signedIn() {
  try {
    state.me = await get("/auth/me");
    return true;
  } catch {
    state.me = null;
    return false;
  }
}

function renderHeader() {
  const user = $("#user");
  user.replaceChildren();
  if (!state.me) return;
  user.append(
    userText("span", state.me.user.name, "who"),
    h("button#signout", { type: "button", on: { click: signOut } }, "Sign out"));
}

async function signOut() {
  try { await post("/auth/logout"); } catch { /* already out */ }
  live.disconnect();
  state.reset();
  renderHeader();
  location.hash = "#/";
  route();
}

function signIn() {
  const view = $("#view");
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
          renderHeader();
          live.connect();
          route();
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
  view.replaceChildren(h("section", { "aria-labelledby": "signin-title" }, form),
    h("p.small", "The JSON API is described at ", h("a", { href: "/api/v1/openapi.json" }, "/api/v1/openapi.json"), "."));
  email.focus();
}

let routing = 0;
export async function route() {
  const ticket = ++routing;
  if (!state.me && !(await signedIn())) {
    state.view = null;
    renderHeader();
    signIn();
    return;
  }
  renderHeader();
  live.connect();
  const [path, query = ""] = (location.hash || "#/").split("?");
  const q = new URLSearchParams(query);
  for (const [pattern, render] of ROUTES) {
    const m = pattern.exec(path);
    if (!m) continue;
    try {
      await render(m, q);
    } catch (e) {
      if (ticket !== routing) return;
      if (e?.status === 401) { state.me = null; return route(); }
      $("#view").replaceChildren(h("section.card", h("h2", "Something went wrong"), h("p.error", { role: "alert" }, errorText(e)),
        h("p", h("a", { href: "#/" }, "Back to your processes"))));
    }
    const heading = $("#view h2");
    if (heading && ticket === routing && !document.activeElement?.closest?.("#view")) {
      heading.tabIndex = -1;
      heading.focus({ preventScroll: true });
    }
    return;
  }
  $("#view").replaceChildren(h("section.card", h("h2", "Not found"), h("p", h("a", { href: "#/" }, "Your processes"))));
}

// Live: every change of the followed process refreshes the view, unless the person is
// typing in a form (then a notice offers the refresh, so nothing they typed is lost).
let refreshTimer = null;
live.onEvent((event) => {
  if (event.process_id !== state.processId) return;
  state.invalidate();
  if (event.type !== "reload") notify(`Live: ${describeEvent(event)}`);
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => {
    const dirty = document.querySelector("#view [data-dirty='true']");
    if (dirty) {
      const box = $("#stale");
      box.hidden = false;
      return;
    }
    state.view?.refresh?.();
  }, 200);
});

$("#stale-refresh").addEventListener("click", () => {
  $("#stale").hidden = true;
  state.view?.refresh?.();
});

window.addEventListener("hashchange", () => {
  // The new view loads fresh: a refresh pending for the old one is moot.
  clearTimeout(refreshTimer);
  $("#stale").hidden = true;
  route();
});
route();
