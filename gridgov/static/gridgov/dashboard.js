/* Dashboard charts (ECharts, served from our own static files): the daily flows (reported, closed, went overdue)
   and the cases received by category (the cohort), from the same figures as the page's tables. Tooltips are drawn
   on the canvas (renderMode "richText"): ECharts' HTML tooltips carry inline styles, which the CSP refuses. */
(function () {
  "use strict";
  const script = document.currentScript;
  const msg = (k) => script.dataset["msg" + k];
  const trend = JSON.parse(document.getElementById("trend-data").textContent);
  const cats = JSON.parse(document.getElementById("category-data").textContent);
  const font = { fontFamily: getComputedStyle(document.body).fontFamily };
  const t = echarts.init(document.getElementById("trend-chart"), null, { renderer: "canvas" });
  const kind = trend.days.length > 14 ? "line" : "bar"; // a line of one or a few days is hard to see
  t.setOption({
    textStyle: font, tooltip: { trigger: "axis", renderMode: "richText" }, legend: { top: 0 },
    grid: { left: 40, right: 16, top: 32, bottom: 28 },
    xAxis: { type: "category", data: trend.days.map((d) => d.slice(5)) }, yAxis: { type: "value", minInterval: 1 },
    series: [
      { name: msg("Reported"), type: kind, data: trend.reported, smooth: true, color: "#457b9d" },
      { name: msg("Closed"), type: kind, data: trend.closed, smooth: true, color: "#2a9d8f" },
      { name: msg("Overdue"), type: "bar", data: trend.overdue_cases, color: "#e63946" },
    ],
  });
  const c = echarts.init(document.getElementById("category-chart"), null, { renderer: "canvas" });
  c.setOption({
    textStyle: font, tooltip: { trigger: "axis", renderMode: "richText" }, grid: { left: 110, right: 16, top: 8, bottom: 24 },
    xAxis: { type: "value", minInterval: 1 }, yAxis: { type: "category", data: cats.map((r) => r[0]).reverse() },
    series: [{ name: msg("Reported"), type: "bar", data: cats.map((r) => r[1]).reverse(), color: "#457b9d" }],
  });
  addEventListener("resize", () => { t.resize(); c.resize(); });
  document.getElementById("dashboard").dataset.charts = "ready";
})();
