// Every message catalogue of the client, by area and language. Each area's files belong to the
// screens named here; keys are "<area>.<name>", values ICU messages (plurals, selects).
//   common    app shell, navigation, shared controls (lib/, app.js, process-nav, sign-in)
//   reading   text, compilation, compare, search, inbox, room, timeline
//   amending  amendments, amendment cards, working copy, co-editing, diff preview
//   account   the account screen (incl. the interface language)
//   errors    server error codes ("errors.<code>") and client-side failures
//   admin     setting up and running a process: people, delegations, phases, silence,
//             dashboard, clusters, consultation, import, markup, publish, renumber, export
//   languages parallel view, translations
//   textview  bracket and rich-text display
//   events    the history's sentences (history, inbox, live notices; the server reads them for mail)
import * as common from "./common/all.js";
import * as reading from "./reading/all.js";
import * as amending from "./amending/all.js";
import * as account from "./account/all.js";
import * as errors from "./errors/all.js";
import * as admin from "./admin/all.js";
import * as languages from "./languages/all.js";
import * as textview from "./textview/all.js";
import * as events from "./events/all.js";
import * as names from "./names/all.js";

export const LANGUAGES = ["en", "fr", "es", "ar", "zh", "ru"];
export const AREAS = { common, reading, amending, account, errors, admin, languages, textview, events, names };

/** All messages of one language, every area merged. */
export function messagesFor(lang) {
  return Object.assign({}, ...Object.values(AREAS).map((area) => area[lang] ?? {}));
}
