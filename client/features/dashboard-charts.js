// The dashboard's figures and the geometry of its SVG charts. Pure: no DOM.
import { stateLabel } from "../lib/labels.js";
import { t } from "../lib/i18n.js";

/** The three bar charts' rows, [[label, count], ...], from the server's dashboard (states in the catalogue's words). */
export function dashboardBars(data, cat) {
  return {
    perDelegation: data.per_delegation.map((x) => [x.key, x.count]),
    perCluster: data.per_cluster.map((x) => [x.name ?? x.key ?? t("admin.dashboard.noCluster"), x.count]),
    perState: data.per_state.map((x) => [stateLabel(x.key, cat), x.count]),
  };
}

export const BAR = { rowHeight: 22, labelWidth: 190, width: 520 };

/** A label cut to 28 characters with an ellipsis, so it fits left of the bars. */
export function shortLabel(label) {
  const text = String(label);
  return text.length > 28 ? text.slice(0, 27) + "…" : text;
}

/**
 * Horizontal bars scaled to the largest count:
 * {viewBox, ariaLabel, bars: [{label, short, n, y, width}]} (y is the row's top).
 */
export function barLayout(rows) {
  const { rowHeight, labelWidth, width } = BAR;
  const max = Math.max(1, ...rows.map(([, n]) => n));
  return {
    viewBox: `0 0 ${width} ${Math.max(rowHeight, rows.length * rowHeight) + 4}`,
    ariaLabel: rows.map(([k, n]) => t("admin.dashboard.barLabel", { label: k, count: n })).join("; ") || t("admin.dashboard.noData"),
    bars: rows.map(([label, n], i) => ({
      label, short: shortLabel(label), n,
      y: i * rowHeight + 2,
      width: Math.round((width - labelWidth - 40) * n / max),
    })),
  };
}

export const LINE = { width: 520, height: 220, pad: 36 };

/** The series of the line chart: the key of each revision's figure, and its CSS class. */
export const LINE_SERIES = [["units_agreed", "agreed"], ["open_brackets", "brackets"]];

/**
 * Agreed paragraphs and open brackets, revision by revision, on one scale:
 * {maxY, x(i), y(v), ariaLabel}.
 */
export function lineLayout(revisions) {
  const { width, height, pad } = LINE;
  const n = revisions.length;
  const maxY = Math.max(1, ...revisions.flatMap((r) => [r.units_agreed, r.open_brackets]));
  return {
    maxY,
    x: (i) => pad + (n <= 1 ? 0 : (i * (width - 2 * pad)) / (n - 1)),
    y: (v) => height - pad - (v * (height - 2 * pad)) / maxY,
    ariaLabel: revisions.map((r) => t("admin.dashboard.lineLabel", { label: r.label, agreed: r.units_agreed, brackets: r.open_brackets }))
      .join("; ") || t("admin.dashboard.noRevision"),
  };
}

/**
 * A line's path through its points, a stroke only (never closed, so it cannot be filled into
 * wedges): linePath([[36, 184], [260, 36]]) -> "M36,184 L260,36".
 */
export function linePath(points) {
  return points.map(([x, y], i) => `${i ? "L" : "M"}${x},${y}`).join(" ");
}

/**
 * The table behind a chart (the same figures, for screen readers and for reading exactly):
 * {head: [...], rows: [[...], ...]}.
 * Bars: chartTable.bars([["MEX", 3]], "Delegation") -> {head: ["Delegation", "Amendments"], rows: [["MEX", 3]]}.
 */
export const chartTable = {
  bars: (rows, what) => ({ head: [what, t("admin.dashboard.amendments")], rows: rows.map(([k, n]) => [String(k), n]) }),
  lines: (revisions) => ({
    head: [t("admin.dashboard.revision"), t("admin.dashboard.agreed"), t("admin.dashboard.openBrackets")],
    rows: revisions.map((r) => [String(r.label ?? t("admin.dashboard.revisionNumber", { sequence: r.sequence })), r.units_agreed, r.open_brackets]),
  }),
};
