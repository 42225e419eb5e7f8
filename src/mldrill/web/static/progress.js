// The progress page's charts, drawn with the vendored Chart.js 4 (and chartjs-chart-matrix for the calendar).
// The series come from the page's JSON data block (#progress-data); each chart's <canvas data-chart="..."> exists
// only when there is something to draw (the page shows an empty state otherwise). Colours come from CSS
// custom properties (app.css, progress.css). The key t opens or closes every chart's table.
(function () {
  "use strict";

  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

  function css(name) {
    return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  }

  function shortDay(iso) {
    // "2026-12-03" -> "3 Dec", without time zones getting in the way
    var parts = iso.split("-");
    return Number(parts[2]) + " " + MONTHS[Number(parts[1]) - 1];
  }

  function pct(value) {
    return value === null || value === undefined ? "–" : Math.round(value * 100) + "%";
  }

  function plural(n, word) {
    return n + " " + word + (n === 1 ? "" : "s");
  }

  function integerTicks(n) {
    // one tick per row or column of the calendar (a linear scale from -0.5 would put them between cells)
    var ticks = [];
    for (var i = 0; i < n; i++) ticks.push({ value: i });
    return ticks;
  }

  function base(extra) {
    var options = {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { display: false } },
    };
    return Object.assign(options, extra || {});
  }

  function calendar(canvas, data) {
    var weeks = data.weeks;
    var cells = data.calendar;
    var max = cells.reduce(function (m, c) { return Math.max(m, c[3]); }, 0);
    var heat = [0, 1, 2, 3, 4].map(function (i) { return css("--heat-" + i); });
    var months = {};
    var lastMonth = null;
    cells.forEach(function (c) {
      var month = c[0].slice(5, 7);
      if (c[2] === 0 && month !== lastMonth) {
        months[c[1]] = MONTHS[Number(month) - 1];
        lastMonth = month;
      }
    });
    function level(v) {
      if (!v || !max) return 0;
      return Math.min(4, Math.max(1, Math.ceil((v / max) * 4)));
    }
    return new window.Chart(canvas, {
      type: "matrix",
      data: {
        datasets: [{
          label: "Reviews",
          data: cells.map(function (c) { return { x: c[1], y: c[2], v: c[3], day: c[0] }; }),
          backgroundColor: function (ctx) {
            var point = ctx.dataset.data[ctx.dataIndex];
            return heat[level(point && point.v)];
          },
          borderWidth: 0,
          borderRadius: 2,
          width: function (ctx) {
            var area = ctx.chart.chartArea;
            return area ? Math.max(1, area.width / weeks - 2) : 0;
          },
          height: function (ctx) {
            var area = ctx.chart.chartArea;
            return area ? Math.max(1, area.height / 7 - 2) : 0;
          },
        }],
      },
      options: base({
        scales: {
          x: {
            type: "linear", min: -0.5, max: weeks - 0.5, offset: false,
            grid: { display: false }, border: { display: false },
            afterBuildTicks: function (scale) { scale.ticks = integerTicks(weeks); },
            ticks: {
              stepSize: 1, autoSkip: false, maxRotation: 0,
              callback: function (value) { return months[value] || ""; },
            },
          },
          y: {
            type: "linear", min: -0.5, max: 6.5, reverse: true, offset: false,
            grid: { display: false }, border: { display: false },
            afterBuildTicks: function (scale) { scale.ticks = integerTicks(7); },
            ticks: {
              stepSize: 1, autoSkip: false,
              callback: function (value) { return value % 2 === 0 && value < 6 ? WEEKDAYS[value] : ""; },
            },
          },
        },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              title: function () { return ""; },
              label: function (ctx) {
                var p = ctx.raw;
                return shortDay(p.day) + ": " + plural(p.v, "review");
              },
            },
          },
        },
      }),
    });
  }

  function forecast(canvas, data) {
    return new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.forecast.map(function (f, i) { return i === 0 ? "Today" : shortDay(f[0]); }),
        datasets: [{ label: "Cards due", data: data.forecast.map(function (f) { return f[1]; }),
          backgroundColor: css("--chart-bar") }],
      },
      options: base({ scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }),
    });
  }

  function retention(canvas, data) {
    var labels = data.retention.map(function (w) { return shortDay(w[0]); });
    return new window.Chart(canvas, {
      type: "line",
      data: {
        labels: labels,
        datasets: [
          {
            label: "True retention",
            data: data.retention.map(function (w) { return w[1] === null ? null : w[1] * 100; }),
            borderColor: css("--chart-line"), backgroundColor: css("--chart-line"),
            spanGaps: true, pointRadius: 3, tension: 0.2,
          },
          {
            label: "Desired retention",
            data: labels.map(function () { return data.desired_retention * 100; }),
            borderColor: css("--chart-target"), borderDash: [6, 4], borderWidth: 1.5, pointRadius: 0,
          },
        ],
      },
      options: base({
        scales: { y: { min: 0, max: 100, ticks: { callback: function (v) { return v + "%"; } } } },
        plugins: {
          legend: { display: true, position: "bottom" },
          tooltip: {
            callbacks: {
              label: function (ctx) {
                if (ctx.datasetIndex === 1) return "Desired: " + Math.round(ctx.parsed.y) + "%";
                var week = data.retention[ctx.dataIndex];
                return Math.round(ctx.parsed.y) + "% of " + plural(week[2], "review");
              },
            },
          },
        },
      }),
    });
  }

  function groups(canvas, rows, horizontal, what) {
    if (horizontal) {
      // one bar a row: grow the box to fit them (CSSOM, which the CSP allows, unlike style="")
      canvas.parentNode.style.height = Math.max(12, rows.length * 1.6 + 3) + "rem";
    }
    var value = horizontal ? "x" : "y";
    var scales = {};
    scales[value] = { min: 0, max: 100, ticks: { callback: function (v) { return v + "%"; } } };
    scales[horizontal ? "y" : "x"] = { ticks: { autoSkip: false, maxRotation: 90 } };
    return new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: rows.map(function (r) { return r.name; }),
        datasets: [{ label: what, data: rows.map(function (r) { return r.score * 100; }),
          backgroundColor: css("--chart-bar") }],
      },
      options: base({
        indexAxis: horizontal ? "y" : "x",
        scales: scales,
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: function (ctx) {
                var r = rows[ctx.dataIndex];
                return what + " " + pct(r.score) + " (studied " + pct(r.coverage) + ")";
              },
            },
          },
        },
      }),
    });
  }

  function interviews(canvas, data) {
    var rows = data.interviews;
    return new window.Chart(canvas, {
      type: "line",
      data: {
        labels: rows.map(function (i) { return shortDay(i.day) + (i.company ? " " + i.company : ""); }),
        datasets: [{ label: "Score", data: rows.map(function (i) { return i.score; }),
          borderColor: css("--chart-line"), backgroundColor: css("--chart-line"), pointRadius: 4, tension: 0.2,
          clip: 6 }],
      },
      options: base({ layout: { padding: { top: 6, right: 6 } }, scales: { y: { min: 0, max: 5, ticks: { stepSize: 1 } } } }),
    });
  }

  var DRAW = {
    calendar: calendar,
    forecast: forecast,
    retention: retention,
    topics: function (canvas, data) { return groups(canvas, data.topics, true, "Mastery"); },
    companies: function (canvas, data) { return groups(canvas, data.companies, false, "Readiness"); },
    interviews: interviews,
  };

  function draw() {
    var block = document.getElementById("progress-data");
    if (!block || !window.Chart) return;
    var data = JSON.parse(block.textContent);
    var Chart = window.Chart;
    Chart.defaults.color = css("--muted") || Chart.defaults.color;
    Chart.defaults.font.family = css("--font") || Chart.defaults.font.family;
    Chart.defaults.borderColor = css("--line") || Chart.defaults.borderColor;
    var charts = {};
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var key = canvas.getAttribute("data-chart");
      if (DRAW[key]) charts[key] = DRAW[key](canvas, data);
    });
    window.mldrillCharts = charts;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-action='toggle-tables']") : null;
    if (!button) return;
    var open = button.getAttribute("aria-pressed") !== "true";
    document.querySelectorAll("details.chart-table").forEach(function (d) { d.open = open; });
    button.setAttribute("aria-pressed", open ? "true" : "false");
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
