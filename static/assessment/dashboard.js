// The leaders' dashboard: draws the charts from the JSON the page embeds (json_script) with the
// vendored ECharts; every bar or slice opens the list behind it.
(function () {
  const data = JSON.parse(document.getElementById("dashboard-data").textContent);
  const FONT = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif';
  const BLUE = "#1f4e79", LIGHT = "#9bbbd9", RED = "#b3261e";
  const charts = [];

  function draw(id, option, urls) {
    const element = document.getElementById(id);
    if (!element) return;
    const chart = echarts.init(element, null, { renderer: "canvas" });
    chart.setOption(Object.assign({ textStyle: { fontFamily: FONT }, animation: false }, option));
    chart.on("click", (params) => {
      const url = urls ? urls(params) : params.data && params.data.url;
      if (url) window.location.href = url;
    });
    charts.push(chart);
  }

  function empty(id, text) {
    const element = document.getElementById(id);
    if (element) element.innerHTML = '<div class="h-100 d-flex align-items-center justify-content-center text-muted">' + text + "</div>";
  }

  const narrow = window.innerWidth < 576;
  const grid = { left: 8, right: 16, top: 36, bottom: 8, containLabel: true };

  if (data.months.length) {
    draw("chart-months", {
      tooltip: { renderMode: "richText", trigger: "axis" },
      legend: { top: 0 },
      grid: grid,
      xAxis: { type: "category", data: data.months },
      yAxis: { type: "value", name: "万元" },
      series: [
        { name: "实发", type: "bar", data: data.paid, itemStyle: { color: BLUE },
          label: { show: !narrow, position: "top", fontSize: 11 } },
        { name: "应发", type: "line", data: data.payable, itemStyle: { color: "#e08e0b" } },
      ],
    }, (params) => data.monthUrls[params.dataIndex]);
  } else {
    empty("chart-months", "本年度尚无月度数据");
  }

  if (data.status.length) {
    draw("chart-status", {
      tooltip: { renderMode: "richText", trigger: "item", formatter: "{b}：{c} 个（{d}%）" },
      legend: { bottom: 0, type: "scroll" },
      series: [{ type: "pie", radius: ["35%", "65%"], center: ["50%", "45%"], data: data.status,
        label: { formatter: "{b}\n{c}", fontSize: 12 } }],
    });
  } else {
    empty("chart-status", "本年度尚无项目");
  }

  const names = data.townships.names;
  if (names.length) {
    draw("chart-townships", {
      tooltip: { renderMode: "richText", trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0, type: "scroll" },
      grid: grid,
      xAxis: { type: "value", name: "万元" },
      yAxis: { type: "category", data: names, inverse: true },
      series: data.months.map((month, index) => ({
        name: month, type: "bar", stack: "paid",
        data: names.map((name) => data.townships.series[name][index]),
      })),
    }, (params) => data.townships.urls[params.dataIndex]);
    const shares = data.townshipShares;
    draw("chart-shares", {
      tooltip: { renderMode: "richText", trigger: "axis", valueFormatter: (v) => (v == null ? "—" : v.toFixed(1) + "%") },
      grid: grid,
      // wide enough to show the target line even when every township is below it
      xAxis: { type: "value", name: "%", max: (extent) => Math.ceil(Math.max(extent.max, (data.target || 0) * 1.15)) },
      yAxis: { type: "category", data: shares.map((s) => s.name), inverse: true },
      series: [{
        type: "bar",
        data: shares.map((s) => ({ value: s.value, url: s.url,
          itemStyle: { color: data.target != null && s.value != null && s.value < data.target ? RED : BLUE } })),
        label: { show: true, position: "right", formatter: (p) => (p.value == null ? "—" : p.value.toFixed(1) + "%") },
        markLine: data.target == null ? undefined : { symbol: "none", lineStyle: { color: "#e08e0b", width: 2 },
          label: { formatter: "目标 " + data.target.toFixed(0) + "%" }, data: [{ xAxis: data.target }] },
      }],
    });
  } else {
    empty("chart-townships", "本年度尚无发放记录");
    empty("chart-shares", "本年度尚无发放记录");
  }

  draw("chart-groups", {
    tooltip: { renderMode: "richText", trigger: "axis", axisPointer: { type: "shadow" } },
    grid: grid,
    xAxis: { type: "value", name: "人", minInterval: 1 },
    yAxis: { type: "category", data: data.groups.map((g) => g.name), inverse: true },
    series: [{ type: "bar", data: data.groups.map((g) => ({ value: g.value, url: g.url })),
      itemStyle: { color: LIGHT }, label: { show: true, position: "right" } }],
  });

  window.addEventListener("resize", () => charts.forEach((chart) => chart.resize()));
})();
