// The JSON API under /api/v1. Errors become ApiError with the server's code and details.
// Every write carries an Idempotency-Key; when its answer is lost (the connection dropped, the
// database away: 503), it is sent again with the same key, so it is never done twice.
import { progress } from "./ui.js";
import { isWrite, sendOnce } from "./retry.js";

class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = body?.error?.code ?? "http_error";
    this.details = body?.error?.details ?? {};
  }
}

async function api(path, { method = "GET", body, query } = {}) {
  let url = `/api/v1${path}`;
  if (query) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      // A list repeats the parameter (?state=submitted&state=draft).
      for (const one of Array.isArray(v) ? v : [v]) {
        if (one !== undefined && one !== null && one !== "") params.append(k, String(one));
      }
    }
    const qs = params.toString();
    if (qs) url += `?${qs}`;
  }
  const done = progress();
  try {
    const headers = body === undefined ? {} : { "Content-Type": "application/json" };
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const send = (key) => fetch(url, {
      method,
      credentials: "same-origin",
      headers: key ? { ...headers, "Idempotency-Key": key } : headers,
      body: payload,
    });
    const response = isWrite(method) ? await sendOnce(send) : await send(null);
    const data = response.status === 204 ? null : await response.json().catch(() => null);
    if (!response.ok) throw new ApiError(response.status, data);
    return data;
  } finally {
    done();
  }
}

export const get = (path, query) => api(path, { query });
export const post = (path, body) => api(path, { method: "POST", body: body ?? {} });
export const patch = (path, body) => api(path, { method: "PATCH", body });
export const put = (path, body) => api(path, { method: "PUT", body });
export const del = (path) => api(path, { method: "DELETE" });
