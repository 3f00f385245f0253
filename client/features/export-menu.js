// The "Export" menu of every view that has an export: plain download links (the session
// cookie authenticates them; the server names the file). What is offered is export-options.js.
import { h } from "../lib/dom.js";
import { exportChoices, exportTitle } from "./export-options.js";
import { t } from "../lib/i18n.js";

/**
 * exportMenu("revision", {document: 1, sequence: 2}) -> <details class="export-menu">:
 * a summary "Export" and one download link per format.
 */
export function exportMenu(kind, ids) {
  const title = exportTitle(kind);
  const links = exportChoices(kind, ids).map((c) =>
    h("li", h("a", { href: c.href, ...(kind === "feed" ? { type: "application/atom+xml" } : { download: "" }),
      "data-format": c.format }, c.label)));
  return h(`details.export-menu.export-${kind}`,
    h("summary", kind === "feed" ? t("admin.export.atomFeed") : t("admin.export.export")),
    h("div.export-choices", h("p.export-title", title), h("ul", { "aria-label": title }, links)));
}
