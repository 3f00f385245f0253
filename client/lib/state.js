// What the client knows: who is signed in, the current process and cached look-ups.
import { get } from "./api.js";
import * as live from "./live.js";

export const state = {
  me: null,
  processId: null,
  process: null,
  documents: null,
  delegations: null,
  view: null, // {refresh()} of the view on screen
  reset() {
    this.me = null;
    this.processId = null;
    this.process = null;
    this.documents = null;
    this.delegations = null;
    this.view = null;
  },
  invalidate() {
    this.documents = null;
    this.processStale = true;
  },
};

/** Loads the process (and subscribes to its live events) unless it is already current. */
export async function enterProcess(processId) {
  if (state.processId !== processId || state.processStale || !state.process) {
    const [process, documents] = await Promise.all([
      get(`/processes/${processId}`), get(`/processes/${processId}/documents`)]);
    state.process = process;
    state.documents = documents;
    state.processStale = false;
    if (state.processId !== processId) state.delegations = null;
    state.processId = processId;
    live.subscribe(processId);
  }
  if (!state.documents) state.documents = await get(`/processes/${processId}/documents`);
  return state.process;
}

export async function delegations() {
  if (!state.delegations) state.delegations = await get(`/processes/${state.processId}/delegations`);
  return state.delegations;
}

/** The screen on show: what a live change re-renders. */
export function setView(refresh) {
  state.view = { refresh };
}

const diffCache = new Map();
/** The server's diff between two published revisions (immutable, so kept for the session). */
export async function diffBetween(docId, from, to, changedOnly = false) {
  const key = `${docId}:${from}:${to}:${changedOnly}`;
  if (!diffCache.has(key)) diffCache.set(key, await get(`/documents/${docId}/diff`, { from, to, changed_only: changedOnly }));
  return diffCache.get(key);
}

// Rule copies: the server decides what each role may do; these only shape the screens
// until the server sends each object's actions.
export const role = () => state.process?.your_role;
export const isStaff = () => ["co_facilitator", "secretariat"].includes(role());
export const isCofac = () => role() === "co_facilitator";
export const isDelegate = () => role() === "delegate";
export const myDelegation = () => state.process?.your_delegation;
