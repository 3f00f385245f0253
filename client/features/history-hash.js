// The history hash a published revision carries (the history chain's head at its
// publication, as its exports and feed print it), in the few words the revision view shows.
// Pure: no DOM.
import { t } from "../lib/i18n.js";

/** The first hex digits of a hash, as people quote it: "3f2a9c1d…". */
export function shortHash(hash) {
  return `${hash.slice(0, 8)}…`;
}

/**
 * "History hash: 3f2a9c1d…, sealed" for a revision from GET /documents/{id}/revisions/{seq}
 * (``history_hash``, ``history_sealed`` as the server says); null for the working copy or a
 * revision that carries none.
 */
export function historyHashLine(rev) {
  if (!rev?.history_hash) return null;
  return t("reading.historyHash", { hash: shortHash(rev.history_hash), sealed: rev.history_sealed ? "yes" : "no" });
}
