// What the client knows: who is signed in, the current process (with what the server says the
// person may do in it), and cached look-ups.
import { get } from "./api.js";
import * as live from "./live.js";
import { latestRevision } from "./revisions.js";
import { screenRoot } from "./dom.js";

export const state = {
  me: null,
  processId: null,
  process: null,
  documents: null,
  /** The latest published revision of the process's first document (with its actions), or null. */
  latest: null,
  delegations: null,
  revisions: new Map(), // "docId/sequence" -> the server's revision, until the next change
  view: null, // {refresh()} of the view on screen
  reset() {
    this.me = null;
    this.processId = null;
    this.process = null;
    this.documents = null;
    this.latest = null;
    this.delegations = null;
    this.revisions.clear();
    this.view = null;
  },
  invalidate() {
    this.documents = null;
    this.processStale = true;
    this.revisions.clear();
  },
};

/**
 * A published revision as the server shows it to this person (its units, their open brackets
 * and what the person may do at each), kept until the next change of the process.
 */
export async function revisionOf(docId, sequence) {
  const key = `${docId}/${sequence}`;
  if (!state.revisions.has(key)) state.revisions.set(key, get(`/documents/${docId}/revisions/${sequence}`));
  try {
    return await state.revisions.get(key);
  } catch (e) {
    state.revisions.delete(key);
    throw e;
  }
}

/** Loads the process (and subscribes to its live events) unless it is already current. */
export async function enterProcess(processId) {
  if (state.processId !== processId || state.processStale || !state.process || !state.documents) {
    const process = await get(`/processes/${processId}`);
    // An administrator without a role in the process manages its people, not its texts.
    const documents = process.your_role ? await get(`/processes/${processId}/documents`) : [];
    if (state.processId !== processId) {
      state.delegations = null;
      state.revisions.clear();
    }
    const doc = documents[0];
    const latest = doc ? latestRevision(doc) : null;
    state.latest = latest ? await revisionOf(doc.id, latest.sequence) : null;
    state.process = process;
    state.documents = documents;
    state.processStale = false;
    state.processId = processId;
    live.subscribe(processId);
  }
  return state.process;
}

/** Whether the server says the person may take this action in the current process now. */
export function may(action) {
  return state.process?.actions?.includes(action) ?? false;
}

export async function delegations() {
  if (!state.delegations) state.delegations = await get(`/processes/${state.processId}/delegations`);
  return state.delegations;
}

/** The screen on show: what a live change re-renders. The refresh belongs to the screen that
 * set it: once the person has moved on it does nothing, so a live change arriving while the
 * next screen is still loading cannot draw the old screen over it. */
export function setView(refresh) {
  const root = screenRoot();
  state.view = { refresh: () => (root.current ? refresh() : undefined) };
}

const diffCache = new Map();
/** The server's diff between two published revisions (immutable, so kept for the session). */
export async function diffBetween(docId, from, to, changedOnly = false, language = null) {
  const key = `${docId}:${from}:${to}:${changedOnly}:${language ?? ""}`;
  const query = { from, to, changed_only: changedOnly, ...(language ? { language } : {}) };
  if (!diffCache.has(key)) diffCache.set(key, await get(`/documents/${docId}/diff`, query));
  return diffCache.get(key);
}

/** The delegation the person acts for (null: none). */
export const myDelegation = () => state.process?.your_delegation ?? null;
