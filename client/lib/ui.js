// Shared widgets: progress indication, notices, diff spans, status badges.
import { h } from "./dom.js";
import { statusLabel, stateLabel } from "./labels.js";
import { addNotice, liveNotices, dismissNotice, nextExpiry } from "./notices.js";
import { t, errorMessage } from "./i18n.js";

let pending = 0;
let timer = null;

/** Marks a long operation; returns the function that ends it. */
export function progress() {
  pending++;
  const bar = document.getElementById("progress");
  if (bar && !timer) {
    // Only operations over 150 ms show the bar, so quick ones don't flicker.
    timer = setTimeout(() => { if (pending) { bar.hidden = false; document.body.setAttribute("aria-busy", "true"); } }, 150);
  }
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    pending--;
    if (pending === 0) {
      clearTimeout(timer);
      timer = null;
      if (bar) bar.hidden = true;
      document.body.removeAttribute("aria-busy");
    }
  };
}

let shown = [];
let expiry = null;

/**
 * A message in the polite live region at the bottom left, where it covers no control: one per
 * action, several of one kind within seconds collapsed into one (`key`: what makes them the
 * same kind, `many`: how several read, "{count} amendments were submitted."), each gone
 * after a few seconds or with its close button (lib/notices.js).
 */
export function notify(message, kind = "info", { key, many } = {}) {
  shown = addNotice(liveNotices(shown, Date.now()), { text: message, kind, key: key ?? message, many }, Date.now());
  renderNotices();
}

function renderNotices() {
  const box = document.getElementById("notices");
  if (!box) return;
  const now = Date.now();
  shown = liveNotices(shown, now);
  // Nodes stay where they are (a focused close button keeps its focus); gone ones leave.
  const ids = new Set(shown.map((n) => String(n.id)));
  for (const node of [...box.children]) if (!ids.has(node.dataset.id)) node.remove();
  for (const n of shown) {
    let node = box.querySelector(`[data-id="${n.id}"]`);
    if (!node) {
      node = h(`div.notice.${n.kind}`, { "data-id": n.id, role: n.kind === "error" ? "alert" : null },
        h("p.notice-text"),
        h("button.notice-close", { type: "button", "aria-label": t("common.dismissNotice"), title: t("common.dismiss"),
          on: { click: () => { shown = dismissNotice(shown, n.id); renderNotices(); } } }, "×"));
      box.append(node);
    }
    const text = node.querySelector(".notice-text");
    if (text.textContent !== n.text) text.textContent = n.text;
  }
  clearTimeout(expiry);
  const next = nextExpiry(shown, now);
  expiry = next === null ? null : setTimeout(renderNotices, next + 20);
}

/** A refusal or failure in the interface's language (lib/i18n.js errorMessage). */
export function errorText(error) {
  const said = errorMessage(error);
  if (error?.status === 409) return t("errors.conflictRefreshed", { message: said });
  return said;
}

/** Word-diff spans as <ins>/<del>; the text stays text. */
export function diffSpans(spans, { side } = {}) {
  const out = h("span.diff", { dir: "auto" });
  for (const span of spans ?? []) {
    if (side === "before" && span.op === "insert") continue;
    if (side === "after" && span.op === "delete") continue;
    const tag = span.op === "insert" ? "ins" : span.op === "delete" ? "del" : "span";
    const node = h(tag);
    node.textContent = span.text;
    out.append(node);
  }
  return out;
}

export function statusBadge(status) {
  return h(`span.badge.status-${status}`, statusLabel(status));
}

export function stateBadge(state) {
  return h(`span.badge.state-${state}`, stateLabel(state));
}

/**
 * A modal-free confirmation panel: resolves true/false. While it is open a live refresh waits
 * (lib/refresh.js offers it instead): drawing the screen again would take the panel away from
 * under the person's hand.
 */
export function confirmPanel(container, title, body, okLabel = t("common.confirm")) {
  return new Promise((resolve) => {
    const panel = h("section.confirm", { role: "dialog", "aria-modal": "false", "aria-labelledby": "confirm-title", tabindex: "-1",
      "data-dirty": "true" },
      h("h3#confirm-title", title), body,
      h("div.actions",
        h("button.primary", { type: "button", on: { click: () => { panel.remove(); resolve(true); } } }, okLabel),
        h("button", { type: "button", on: { click: () => { panel.remove(); resolve(false); } } }, t("common.cancel"))));
    container.append(panel);
    panel.focus();
  });
}

/**
 * A form's submit handler that runs ``work`` and shows its refusal in ``error`` (cleared first):
 * form.addEventListener("submit", submitting(error, async () => ...)).
 */
export function submitting(error, work) {
  return async (event) => {
    event.preventDefault();
    error.textContent = "";
    try {
      await work();
    } catch (e) {
      error.textContent = errorText(e);
    }
  };
}
