// Pure logic of the inbox: the header badge's words, which live events may add an item
// (so the count is fetched again), and each item as the screen shows it. No DOM here.
import { t } from "../lib/i18n.js";
import { sayEvent } from "../lib/event-sentences.js";

/** Live event types after which the inbox may hold a new item (the server decides which). */
export const MAY_ADD_AN_ITEM = new Set([
  "amendment.decided", "amendment.carried", "amendment.applied", "amendment.stance",
  "amendment.co_sponsor_invited", "amendment.co_sponsor_accepted", "amendment.co_sponsor_declined",
  "amendment.co_sponsorship_withdrawn", "amendment.submitted", "input.submitted",
  "revision.published", "silence.started", "silence.broken", "silence.agreed",
  "delegation.added", "delegation.members_changed", "participant.focal_point_transferred",
  "reload",
]);

/** Whether a live event calls for the unread count again. */
export function shouldRecount(event) {
  return Boolean(event) && MAY_ADD_AN_ITEM.has(event.type);
}

/** The badge's number ("" when nothing is unread; "99+" beyond). */
export function badgeText(unread) {
  if (!Number.isFinite(unread) || unread <= 0) return "";
  return unread > 99 ? "99+" : String(unread);
}

/** What a screen reader hears for the inbox link. */
export function inboxLabel(unread) {
  if (!Number.isFinite(unread) || unread <= 0) return t("reading.inbox.nothingUnread");
  return t("reading.inbox.unreadLabel", { count: unread });
}

/** Why an item is there (the server's concern codes), in words: reading.inbox.concern.<code>. */
export const CONCERNS = ["our_amendment", "invitation", "revision", "silence", "silence_ending", "mention", "for_decision"];
const concernWords = (code) => (CONCERNS.includes(code) ? t(`reading.inbox.concern.${code}`) : "");

/** Only addresses of this client are followed (never another site, never javascript:). */
export function safeLink(link) {
  return typeof link === "string" && /^#\/[A-Za-z0-9/?=&_%.-]*$/.test(link) ? link : "#/";
}

/**
 * An item's sentence in the person's language, filled from its facts, and the language it is
 * in: {sentence, lang} ("en" where only the server's English sentence came).
 */
export function sentenceOf(item, code = undefined) {
  // A deadline is no history entry: its sentence is the catalogue's inbox.silence_ending.
  const action = item.action ?? (item.concern === "silence_ending" ? "inbox.silence_ending" : null);
  const said = sayEvent(action, item.facts, item.sentence, code);
  return said ? { sentence: said.text, lang: said.lang } : { sentence: item.sentence ?? "", lang: "en" };
}

/** One item as the list shows it. */
export function itemView(item) {
  return {
    key: item.key,
    ...sentenceOf(item),
    process: item.process_title,
    why: concernWords(item.concern),
    link: safeLink(item.link),
    at: item.at,
    unread: !item.read,
  };
}

/** The list's query from the screen's address (order, unread only, page). */
export function inboxQuery(q, pageSize = 50) {
  const page = Math.max(1, Number.parseInt(q.get("page") ?? "1", 10) || 1);
  return {
    order: q.get("order") === "newest" ? "newest" : "unread",
    unread_only: q.get("unread") === "1" ? "true" : "false",
    offset: (page - 1) * pageSize,
    limit: pageSize,
  };
}

/** How many pages the list has. */
export function pageCount(total, pageSize = 50) {
  return Math.max(1, Math.ceil(total / pageSize));
}
