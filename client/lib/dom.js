// Tiny DOM helpers. User text only ever goes in through textContent (h's string children),
// never innerHTML: the strict CSP forbids inline scripts, and this keeps HTML inert anyway.

/** h("tag.class#id", {attrs, on: {event: fn}}, ...children) */
export function h(spec, attrs, ...children) {
  const [, tag = "div", rest = ""] = /^([a-z0-9-]*)(.*)$/i.exec(spec);
  const node = document.createElement(tag || "div");
  for (const part of rest.match(/[.#][^.#]+/g) ?? []) {
    if (part[0] === ".") node.classList.add(part.slice(1));
    else node.id = part.slice(1);
  }
  if (attrs && (typeof attrs !== "object" || attrs instanceof Node || Array.isArray(attrs))) {
    children.unshift(attrs);
    attrs = null;
  }
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "on") {
      for (const [event, fn] of Object.entries(value)) node.addEventListener(event, fn);
    } else if (key === "class") {
      node.className = value;
    } else if (key === "value" && "defaultValue" in node) {
      // Drawn with this value: typing makes value differ from defaultValue (typedSinceDrawn).
      node.defaultValue = String(value);
      node.value = String(value);
    } else if (key in node && typeof value !== "string") {
      node[key] = value;
    } else if (key === "value" || key === "checked" || key === "selected") {
      node[key] = value;
    } else {
      node.setAttribute(key, value === true ? "" : String(value));
    }
  }
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** User-written text: shown as text, direction from its own script (Arabic right to left). */
export function userText(tag, text, cls) {
  const node = h(tag + (cls ? "." + cls : ""), { dir: "auto" });
  node.textContent = text ?? "";
  return node;
}

/**
 * A sentence the server wrote (a history entry: "Mexico submitted an amendment to OP12."): the
 * server words them in English, so in another interface language it is marked lang="en" (read
 * out as English, and not taken for a translation).
 */
export function serverSentence(tag, text, interfaceLanguage) {
  const node = userText(tag, text);
  if (interfaceLanguage && interfaceLanguage !== "en") node.lang = "en";
  return node;
}

export const $ = (sel, root = document) => root.querySelector(sel);

/** Where the screen on show is drawn. */
export const viewRoot = () => $("#view");

// Which screen is on show: each route is a new one. A screen's drawing that was still waiting
// for the server when the person moved on must not cover the screen they moved to.
let screen = 0;
/** A new screen is on show (the router calls this on every route). */
export function nextScreen() { screen += 1; }
/** The view, as long as the screen on show when this was called still is: take it before the
 * first await of a drawing; its replaceChildren does nothing (and answers false) once the
 * person has moved to another screen. */
export function screenRoot() {
  const mine = screen;
  return {
    get current() { return mine === screen; },
    replaceChildren(...nodes) {
      if (mine !== screen) return false;
      viewRoot().replaceChildren(...nodes);
      return true;
    },
  };
}

// Text fields whose words a redraw would lose.
const TEXT_FIELDS = new Set(["text", "search", "email", "password", "url", "tel", "number", "textarea"]);

/** Whether the person has typed into a text field under ``root`` since it was drawn (its value
 * is no longer the one it was drawn with): a live refresh must not redraw it then. */
export function typedSinceDrawn(root) {
  for (const field of root?.querySelectorAll?.("input, textarea") ?? []) {
    if (TEXT_FIELDS.has(field.type) && field.value !== field.defaultValue) return true;
  }
  return false;
}

let uid = 0;
export const nextId = (prefix = "f") => `${prefix}-${++uid}`;

/** A labelled form field. */
export function field(label, control, hint) {
  if (!control.id) control.id = nextId();
  const hintNode = hint ? h("small.hint", { id: control.id + "-hint" }, hint) : null;
  if (hintNode) control.setAttribute("aria-describedby", hintNode.id);
  return h("div.field", h("label", { for: control.id }, label), control, hintNode);
}

export function select(options, value, attrs = {}) {
  return h("select", attrs, options.map(([v, label]) =>
    h("option", { value: v, selected: String(v) === String(value) }, label)));
}
