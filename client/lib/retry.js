// Writes that survive a lost answer: each write carries an Idempotency-Key, and a retry sends
// the same key, so the server answers the first outcome instead of doing the write twice.
// Pure (no DOM): lib/api.js gives it fetch; node --test gives it a fake.

const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export const isWrite = (method) => WRITES.has(String(method).toUpperCase());

// A new key for a new write (a UUID; the server takes 1 to 255 visible ASCII characters).
export function newKey(random = globalThis.crypto) {
  if (random?.randomUUID) return random.randomUUID();
  const bytes = random.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

// Seconds the server asked to wait (Retry-After), else a growing wait: 0.5 s, 1 s, 2 s...
export function waitMs(response, attempt) {
  const asked = Number(response?.headers?.get?.("Retry-After"));
  if (Number.isFinite(asked) && asked > 0) return Math.min(asked, 30) * 1000;
  return Math.min(500 * 2 ** attempt, 8000);
}

// Whether to send the same write again: no answer at all (the connection dropped), the
// database away or not confirming (503), or the first request with the key still running.
export async function worthRetrying(response) {
  if (response === null) return true;
  if (response.status === 503) return true;
  if (response.status !== 409) return false;
  const body = await response.clone().json().catch(() => null);
  return body?.error?.code === "idempotency_key_in_use";
}

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// send(key) makes one attempt (fetch); the same key on every attempt. The last answer is
// returned; when no attempt got one, the last network error is thrown.
export async function sendOnce(send, { key = newKey(), attempts = 5, sleep = pause } = {}) {
  let failure = null;
  for (let attempt = 0; ; attempt += 1) {
    let response = null;
    try {
      response = await send(key);
    } catch (error) {
      failure = error;
    }
    const last = attempt + 1 >= attempts;
    if (last || !(await worthRetrying(response))) {
      if (response === null) throw failure;
      return response;
    }
    await sleep(waitMs(response, attempt));
  }
}
