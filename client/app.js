// Accord's browser client: buildless ES modules (no bundler), hash routing, live updates.
// This file is the router only: which screen (client/features/) each address shows.
// All user text goes through textContent (see lib/dom.js), never innerHTML.
import { h, $, viewRoot, nextScreen } from "./lib/dom.js";
import { get } from "./lib/api.js";
import { errorText } from "./lib/ui.js";
import { t, setLanguage, initialLanguage, storedLanguage, onLanguageChange } from "./lib/i18n.js";
import { loadCatalogue } from "./lib/labels.js";
import * as live from "./lib/live.js";
import { state } from "./lib/state.js";
import { followLiveChanges, cancelPendingRefresh } from "./lib/refresh.js";
import { signedIn, signIn, renderHeader } from "./features/sign-in.js";
import { processList, home } from "./features/processes.js";
import { text } from "./features/text.js";
import { amendments } from "./features/amendments.js";
import { compilation } from "./features/compilation.js";
import { working } from "./features/working-copy.js";
import { manage } from "./features/manage.js";
import { delegations } from "./features/delegations.js";
import { people } from "./features/people.js";
import { compare } from "./features/compare.js";
import { timeline } from "./features/timeline.js";
import { consultation } from "./features/consultation.js";
import { dashboard } from "./features/dashboard.js";
import { invitation } from "./features/invitation.js";
import { passwordReset } from "./features/password-reset.js";
import { room } from "./features/room.js";
import { search } from "./features/search.js";
import { inbox } from "./features/inbox.js";
import { importDraft } from "./features/import-draft.js";
import { markupImport } from "./features/markup-import.js";
import { account } from "./features/account.js";
import { clusters } from "./features/clusters.js";
import { renumberScreen } from "./features/renumber.js";
import { parallel } from "./features/parallel.js";
import { translations } from "./features/translations.js";

const ROUTES = [
  [/^#\/?$/, () => processList()],
  [/^#\/p\/(\d+)$/, (m) => home(+m[1])],
  [/^#\/inbox$/, (m, q) => inbox(q)],
  [/^#\/account$/, () => account(() => { if (location.hash === "#/") route(); else location.hash = "#/"; }, () => route())],
  [/^#\/p\/(\d+)\/clusters$/, (m) => clusters(+m[1])],
  [/^#\/p\/(\d+)\/renumber\/(\d+)$/, (m) => renumberScreen(+m[1], +m[2])],
  [/^#\/p\/(\d+)\/parallel\/(\d+)\/(\d+)$/, (m, q) => parallel(+m[1], +m[2], +m[3], q)],
  [/^#\/p\/(\d+)\/translations\/(\d+)\/(\d+|working)$/, (m, q) => translations(+m[1], +m[2], m[3] === "working" ? "working" : +m[3], q)],
  [/^#\/p\/(\d+)\/text\/(\d+)\/(\d+)$/, (m, q) => text(+m[1], +m[2], +m[3], q.get("unit"))],
  [/^#\/p\/(\d+)\/amendments$/, (m, q) => amendments(+m[1], q)],
  [/^#\/p\/(\d+)\/compilation\/(\d+)$/, (m, q) => compilation(+m[1], +m[2], q)],
  [/^#\/p\/(\d+)\/working\/(\d+)$/, (m) => working(+m[1], +m[2])],
  [/^#\/p\/(\d+)\/manage$/, (m) => manage(+m[1])],
  [/^#\/p\/(\d+)\/delegations$/, (m) => delegations(+m[1])],
  [/^#\/p\/(\d+)\/people$/, (m) => people(+m[1])],
  [/^#\/p\/(\d+)\/compare\/(\d+)$/, (m, q) => compare(+m[1], +m[2], q)],
  [/^#\/p\/(\d+)\/timeline$/, (m) => timeline(+m[1])],
  [/^#\/p\/(\d+)\/consultation$/, (m, q) => consultation(+m[1], q)],
  [/^#\/p\/(\d+)\/dashboard$/, (m) => dashboard(+m[1])],
  [/^#\/p\/(\d+)\/search$/, (m, q) => search(+m[1], q)],
  [/^#\/p\/(\d+)\/import$/, (m) => importDraft(+m[1])],
  [/^#\/p\/(\d+)\/markup$/, (m) => markupImport(+m[1])],
  [/^#\/p\/(\d+)\/room\/(\d+)$/, (m, q) => room(+m[1], +m[2], q.has("revision") ? +q.get("revision") : null)],
];

// Links sent by e-mail open without signing in first.
const PUBLIC_ROUTES = [
  [/^#\/invitation\/([A-Za-z0-9_-]+)$/, (m) => invitation(m[1], (hash) => {
    state.me = null;
    if (location.hash === hash) route(); else location.hash = hash;
  })],
  [/^#\/password-reset(?:\/([A-Za-z0-9_-]+))?$/, (m) => passwordReset(m[1])],
];

function afterSignIn() {
  renderHeader(route);
  live.connect();
  route();
}

let routing = 0;
async function route() {
  const ticket = ++routing;
  nextScreen();
  state.view = null; // until the new screen sets its own: a live change refreshes nothing
  const open = PUBLIC_ROUTES.find(([pattern]) => pattern.test(location.hash));
  if (open) return open[1](open[0].exec(location.hash));
  if (!state.me && !(await signedIn())) {
    state.view = null;
    renderHeader(route);
    signIn(afterSignIn);
    return;
  }
  renderHeader(route);
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
      viewRoot().replaceChildren(h("section.card", h("h2", t("common.somethingWrong")), h("p.error", { role: "alert" }, errorText(e)),
        h("p", h("a", { href: "#/" }, t("common.backToProcesses")))));
    }
    const heading = $("#view h2");
    if (heading && ticket === routing && !document.activeElement?.closest?.("#view")) {
      heading.tabIndex = -1;
      heading.focus({ preventScroll: true });
    }
    return;
  }
  viewRoot().replaceChildren(h("section.card", h("h2", t("common.notFound")), h("p", h("a", { href: "#/" }, t("common.yourProcesses")))));
}

/** The page's own words (index.html's, marked data-i18n) in the interface's language. */
function translateShell() {
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll("[data-i18n-label]")) node.setAttribute("aria-label", t(node.dataset.i18nLabel));
}

/**
 * The interface's language first (the one kept in this browser, else the browser's own
 * languages matched to the six, else English; the profile's replaces it once signed in), then
 * the words for the server's codes: every screen shows them.
 */
async function start() {
  setLanguage(initialLanguage({ stored: storedLanguage(), preferred: navigator.languages ?? [navigator.language] }));
  translateShell();
  onLanguageChange(translateShell);
  try {
    await loadCatalogue(get);
  } catch (e) {
    viewRoot().replaceChildren(h("section.card", h("h2", t("common.couldNotStart")), h("p.error", { role: "alert" }, errorText(e)),
      h("button", { type: "button", on: { click: () => location.reload() } }, t("common.tryAgain"))));
    return;
  }
  followLiveChanges();
  window.addEventListener("hashchange", () => {
    cancelPendingRefresh();
    route();
  });
  await route();
}

start();
