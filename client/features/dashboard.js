// The dashboard: amendments per delegation, cluster and state, and agreed paragraphs and open
// brackets revision by revision (SVG charts drawn here, no chart library).
import { h, screenRoot } from "../lib/dom.js";
import { get } from "../lib/api.js";
import { enterProcess, setView, may } from "../lib/state.js";
import { processNav } from "./process-nav.js";
import { dashboardBars, barLayout, lineLayout, linePath, chartTable, BAR, LINE, LINE_SERIES } from "./dashboard-charts.js";
import { t } from "../lib/i18n.js";

export async function dashboard(processId) {
  const render = async () => {
    const root = screenRoot();
    await enterProcess(processId);
    let data;
    try {
      data = await get(`/processes/${processId}/dashboard`);
    } catch (e) {
      if (e.status !== 404) throw e;
      data = null;
    }
    let body;
    if (data === null) body = h("p", t("admin.dashboard.unavailable"));
    else {
      const bars = dashboardBars(data);
      // The amendment charts only for whom the server lets see amendments (observers in
      // the phases the process's settings name); the text's progress for everyone.
      const amendments = may("amendment.view");
      body = h("div.grid.charts",
        amendments ? [
          chartCard(t("admin.dashboard.perDelegation"), barChart(bars.perDelegation),
            chartTable.bars(bars.perDelegation, t("admin.dashboard.delegation"))),
          chartCard(t("admin.dashboard.perCluster"), barChart(bars.perCluster), chartTable.bars(bars.perCluster, t("admin.dashboard.cluster"))),
          chartCard(t("admin.dashboard.perState"), barChart(bars.perState), chartTable.bars(bars.perState, t("admin.dashboard.state"))),
        ] : null,
        chartCard(t("admin.dashboard.progress"), lineChart(data.revisions), chartTable.lines(data.revisions)));
    }
    root.replaceChildren(processNav("dashboard"),
      h("section", { "aria-labelledby": "dash-title" }, h("h2#dash-title", t("admin.dashboard.title")),
        data && may("amendment.view") ? h("p.summary", t("admin.dashboard.total", { count: data.amendments_total })) : null, body));
  };
  setView(render);
  await render();
}

const SVG = "http://www.w3.org/2000/svg";
function s(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

/** A chart with the table of its figures behind it (opened on demand; read by screen readers). */
function chartCard(title, chart, table) {
  return h("figure.card.chart", h("figcaption", h("h3", title)), chart,
    table && table.rows.length ? h("details.chart-table", h("summary", t("admin.dashboard.asTable")),
      h("table", h("caption", title),
        h("thead", h("tr", table.head.map((c) => h("th", { scope: "col" }, c)))),
        h("tbody", table.rows.map(([first, ...rest]) => h("tr", h("th", { scope: "row" }, first),
          rest.map((n) => h("td.n", String(n)))))))) : null);
}

/** Horizontal bars, with the figures also in the accessible name for screen readers. */
function barChart(rows) {
  if (rows.length === 0) return h("p", t("admin.dashboard.nothingYet"));
  const layout = barLayout(rows);
  const { rowHeight, labelWidth } = BAR;
  const svg = s("svg", { viewBox: layout.viewBox, role: "img", class: "bars", "aria-label": layout.ariaLabel });
  for (const bar of layout.bars) {
    svg.append(s("text", { x: labelWidth - 6, y: bar.y + 15, "text-anchor": "end", class: "label" }, bar.short),
      s("rect", { x: labelWidth, y: bar.y + 3, width: Math.max(bar.width, 1), height: rowHeight - 6, class: "bar" }, s("title", `${bar.label}: ${bar.n}`)),
      s("text", { x: labelWidth + bar.width + 4, y: bar.y + 15, class: "value" }, bar.n));
  }
  return svg;
}

function lineChart(revisions) {
  const { width, height, pad } = LINE;
  const { maxY, x, y, ariaLabel } = lineLayout(revisions);
  const svg = s("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", class: "lines", "aria-label": ariaLabel });
  svg.append(s("line", { x1: pad, y1: height - pad, x2: width - pad, y2: height - pad, class: "axis" }),
    s("line", { x1: pad, y1: pad / 2, x2: pad, y2: height - pad, class: "axis" }),
    s("text", { x: 4, y: y(maxY) + 4, class: "value" }, maxY), s("text", { x: 4, y: height - pad + 4, class: "value" }, 0));
  for (const [key, cls] of LINE_SERIES) {
    const d = linePath(revisions.map((r, i) => [x(i), y(r[key])]));
    svg.append(s("path", { d, fill: "none", class: `series ${cls}` }));
    revisions.forEach((r, i) => svg.append(s("circle", { cx: x(i), cy: y(r[key]), r: 4, class: `dot ${cls}` }, s("title", `${r.label}: ${r[key]}`))));
  }
  revisions.forEach((r, i) => svg.append(s("text", { x: x(i), y: height - pad + 18, "text-anchor": "middle", class: "label" }, r.label ?? r.sequence)));
  return h("div", svg, h("p.legend-line", h("span.key.agreed", "■"), " ", t("admin.dashboard.legendAgreed"), "  ",
    h("span.key.brackets", "■"), " ", t("admin.dashboard.legendBrackets")));
}
