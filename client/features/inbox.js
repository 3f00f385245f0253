// The inbox: the header's link with the unread count (kept up to date from the live events
// the page already receives, by fetching the count again), and the screen #/inbox listing
// what concerns the person across their processes, each linking to its place, with mark
// read (the e-mail choice is on the account screen, features/account.js).
import { t, tParts, currentLanguage, direction } from "../lib/i18n.js";
import { h, userText, viewRoot } from "../lib/dom.js";
import { get, post } from "../lib/api.js";
import { errorText, notify } from "../lib/ui.js";
import { fmtDate } from "../lib/format.js";
import * as live from "../lib/live.js";
import { state, setView } from "../lib/state.js";
import { badgeText, inboxLabel, inboxQuery, itemView, pageCount, shouldRecount } from "./inbox-items.js";

/**
 * A history sentence as text, in the direction of the language it is in (an Arabic sentence
 * right to left even when it starts with a delegation's name in Latin letters), marked
 * lang="en" where only the server's English came.
 */
function sentenceIn(tag, text, lang) {
  const node = h(tag, { dir: direction(lang) });
  node.textContent = text ?? "";
  if (lang && lang !== currentLanguage()) node.lang = lang;
  return node;
}

const PAGE = 50;
let link = null;
let pending = null;

function show(unread) {
  if (!link) return;
  const badge = link.querySelector(".inbox-count");
  badge.textContent = badgeText(unread);
  badge.hidden = !badgeText(unread);
  link.setAttribute("aria-label", inboxLabel(unread));
}

/** Fetch the unread count again (once for a burst of events). */
export function recount() {
  clearTimeout(pending);
  pending = setTimeout(async () => {
    if (!state.me) return;
    try { show((await get("/inbox/unread")).unread); } catch { /* next event retries */ }
  }, 150);
}

live.onEvent((event) => { if (shouldRecount(event)) recount(); });

/** The header's inbox link and badge. */
export function inboxLink() {
  link = h("a#inbox-link", { href: "#/inbox", "aria-label": t("reading.inbox.title") }, t("reading.inbox.title"), " ",
    h("span.badge.inbox-count", { hidden: true }));
  recount();
  return link;
}

/** The inbox screen (#/inbox?order=newest&unread=1&page=2). */
export async function inbox(q) {
  const render = async () => {
    const query = inboxQuery(q, PAGE);
    const page = await get("/inbox", query);
    show(page.unread);
    const markAll = h("button", { type: "button", disabled: page.unread === 0,
      on: { click: async () => { await post("/inbox/read", { all: true }); await render(); } } }, t("reading.inbox.markAll"));
    const items = page.items.map(itemView);
    const list = h("ol.inbox-items", items.map((item) => h(`li.inbox-item${item.unread ? ".unread" : ""}`, { "data-key": item.key },
      h("a.inbox-sentence", { href: item.link, on: { click: () => { if (item.unread) post("/inbox/read", { keys: [item.key] }).then(recount, () => {}); } } },
        sentenceIn("span", item.sentence, item.lang)),
      h("p.small", item.why, " · ", userText("span", item.process), " · ", h("time", { datetime: item.at }, fmtDate(item.at)),
        item.unread ? [" · ", h("button.inbox-read", { type: "button", on: { click: async () => {
          try { await post("/inbox/read", { keys: [item.key] }); await render(); } catch (e) { notify(errorText(e), "error"); }
        } } }, t("reading.inbox.markRead"))] : null))));
    const pages = pageCount(page.total, PAGE);
    const current = query.offset / PAGE + 1;
    const hrefFor = (n) => `#/inbox?order=${query.order}&unread=${query.unread_only === "true" ? 1 : 0}&page=${n}`;
    viewRoot().replaceChildren(h("section.card", { "aria-labelledby": "inbox-title" },
      h("h2#inbox-title", t("reading.inbox.title")),
      h("p", t("reading.inbox.counts", { unread: page.unread, total: page.total }),
        h("a", { href: query.order === "newest" ? "#/inbox" : "#/inbox?order=newest" },
          query.order === "newest" ? t("reading.inbox.unreadFirst") : t("reading.inbox.newestFirst")), " · ", markAll),
      items.length ? list : h("p", t("reading.inbox.empty")),
      pages > 1 ? h("nav", { "aria-label": t("reading.inbox.pages") },
        current > 1 ? h("a", { href: hrefFor(current - 1) }, t("reading.inbox.previous")) : null, t("reading.inbox.page", { current, pages }),
        current < pages ? h("a", { href: hrefFor(current + 1) }, t("reading.inbox.next")) : null) : null),
    h("p.hint", tParts("reading.inbox.mailHint", { link: h("a", { href: "#/account" }, t("reading.inbox.yourAccount")) })));
  };
  setView(render);
  await render();
}
