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

export const role = () => state.process?.your_role;
export const isStaff = () => ["co_facilitator", "secretariat"].includes(role());
export const isCofac = () => role() === "co_facilitator";
export const isDelegate = () => role() === "delegate";
export const myDelegation = () => state.process?.your_delegation;

export function latestRevision(doc) {
  return doc.revisions.at(-1) ?? null;
}

const EVENT_WORDS = {
  "phase.changed": "the phase changed",
  "revision.published": "a revision was published",
  "amendment.drafted": "a draft amendment was saved",
  "amendment.revised": "a draft amendment was rewritten",
  "amendment.submitted": "an amendment was submitted",
  "amendment.withdrawn": "an amendment was withdrawn",
  "amendment.decided": "an amendment was decided",
  "amendment.stance": "a delegation supported or opposed an amendment",
  "amendment.co_proponents_changed": "co-proponents changed",
  "working_copy.unit_edited": "the working copy was edited",
  "working_copy.unit_inserted": "a unit was inserted in the working copy",
  "working_copy.unit_deleted": "a unit was removed from the working copy",
  "silence.started": "a silence procedure started",
  "silence.broken": "silence was broken",
  "silence.agreed": "the text was agreed under silence",
  "input.submitted": "a consultation input was submitted",
};

export function describeEvent(event) {
  const what = EVENT_WORDS[event.type] ?? event.type;
  return event.subject ? `${what} (${event.subject})` : what;
}
