// Dashboard charts: target against actual per year for each indicator, and the breakdowns of
// organizations supported. Data comes from the json_script block "dashboard-data" (no inline
// script: the content security policy forbids it).
(function () {
  "use strict";
  var source = document.getElementById("dashboard-data");
  if (!source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var labels = data.labels;
  var numberFormat = new Intl.NumberFormat(document.documentElement.lang || "vi");
  var blue = "#0b4f8a", red = "#a50e0e", gold = "#d4a200";

  function hasValues(values) {
    return values.some(function (value) { return value !== null && value !== undefined; });
  }

  data.indicators.forEach(function (item) {
    var canvas = document.querySelector('canvas[data-chart-indicator="' + item.id + '"]');
    if (!canvas) { return; }
    var datasets = [{
      type: "bar", label: labels.actual, data: item.actual, backgroundColor: blue, order: 2
    }];
    if (hasValues(item.minimum)) {
      datasets.push({
        type: "line", label: item.path ? labels.path : labels.minimum, data: item.minimum,
        borderColor: red, backgroundColor: red, spanGaps: true, tension: 0, order: 1
      });
    }
    var distinctMax = item.maximum.some(function (value, index) {
      return value !== null && value !== item.minimum[index];
    });
    if (distinctMax) {
      datasets.push({
        type: "line", label: labels.maximum, data: item.maximum, borderColor: gold,
        backgroundColor: gold, borderDash: [6, 4], spanGaps: true, tension: 0, order: 1
      });
    }
    new Chart(canvas, {
      data: { labels: item.years, datasets: datasets },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        plugins: {
          legend: { position: "bottom", labels: { boxWidth: 12 } },
          tooltip: { callbacks: { label: function (ctx) {
            return ctx.dataset.label + ": " + (ctx.parsed.y === null ? "—" : numberFormat.format(ctx.parsed.y));
          } } }
        },
        // Whole ticks: no 0,5 of an organization (nor of a đồng).
        scales: { y: { beginAtZero: true, ticks: { precision: 0, callback: function (v) { return numberFormat.format(v); } } } }
      }
    });
  });

  Object.keys(data.breakdowns).forEach(function (by) {
    var canvas = document.querySelector('canvas[data-chart-breakdown="' + by + '"]');
    var rows = data.breakdowns[by];
    if (!canvas || !rows.counts.length) { return; }
    new Chart(canvas, {
      type: "bar",
      data: { labels: rows.labels, datasets: [{ label: labels.organizations, data: rows.counts, backgroundColor: blue }] },
      options: {
        indexAxis: "y", responsive: true, maintainAspectRatio: false, animation: false,
        plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } } }
      }
    });
  });
})();
