// The dashboard's charts (D-1): each .chart carries its data as JSON (csc/dashboard.py Chart.option); ECharts
// draws it, in the page's font, with the value axis in % for share series. A click on a bar or point opens the
// list behind it. Charts are drawn again after each htmx refresh of #dashboard.
(function () {
  const palette = ["#2563eb", "#dc2626", "#16a34a", "#d97706", "#7c3aed", "#0891b2"];
  function option(data) {
    const hasShare = data.series.some((s) => s.unit === "%");
    const hasCount = data.series.some((s) => s.unit !== "%");
    const axes = [];
    if (hasCount) axes.push({ type: "value", minInterval: 1 });
    if (hasShare) axes.push({ type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } });
    return {
      color: palette,
      textStyle: { fontFamily: getComputedStyle(document.body).fontFamily },
      tooltip: { trigger: "axis" },
      legend: { top: 0, type: "scroll" },
      grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: data.categories, axisLabel: { hideOverlap: true } },
      yAxis: axes,
      series: data.series.map((s) => ({
        name: s.name,
        type: s.kind === "line" ? "line" : "bar",
        stack: data.stacked && s.kind !== "line" ? "total" : undefined,
        yAxisIndex: s.unit === "%" && hasCount ? 1 : 0,
        connectNulls: false,
        data: s.values,
        tooltip: s.unit ? { valueFormatter: (v) => (v === null || v === undefined ? "—" : v + s.unit) } : undefined,
      })),
    };
  }
  function draw(root) {
    if (!window.echarts) return;
    root.querySelectorAll(".chart[data-chart]").forEach((node) => {
      const data = JSON.parse(node.dataset.chart);
      const chart = echarts.init(node, null, { renderer: "svg" });
      chart.setOption(option(data));
      chart.on("click", (params) => {
        const series = data.series[params.seriesIndex];
        const link = series && series.links && series.links[params.dataIndex];
        if (link) window.location.href = link;
      });
      node.dataset.drawn = "1";
      new ResizeObserver(() => chart.resize()).observe(node);
    });
  }
  document.addEventListener("DOMContentLoaded", () => draw(document));
  document.addEventListener("htmx:afterSettle", (event) => {
    if (event.target && event.target.id === "dashboard") draw(event.target);
    else { const board = document.getElementById("dashboard"); if (board && event.target.contains(board)) draw(board); }
  });
})();
// Printing shows each chart's table instead of the chart.
window.addEventListener("beforeprint", () => document.querySelectorAll("details.chart-table").forEach((d) => { d.open = true; }));
