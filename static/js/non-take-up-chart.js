/*
 * The non-take-up chart on the team figures page: per right, grouped bars of the flags
 * detected, acted on, granted and dismissed. The figures come from a json_script element named
 * by the canvas' data-chart-data; the table above holds the same numbers, so the chart is
 * decoration (role="img" with an aria-label).
 */
(function () {
  "use strict";

  // Bootstrap's palette, dark enough against white for bars (WCAG 1.4.11: 3:1 for graphics).
  var COLOURS = ["#0d6efd", "#b35c00", "#198754", "#6c757d"];

  function draw() {
    if (typeof window.Chart === "undefined") {
      return;
    }
    document.querySelectorAll("canvas[data-chart-data]").forEach(function (canvas) {
      var source = document.getElementById(canvas.dataset.chartData);
      if (!source) {
        return;
      }
      var data = JSON.parse(source.textContent);
      var previous = window.Chart.getChart(canvas);
      if (previous) {
        previous.destroy();
      }
      data.datasets.forEach(function (dataset, index) {
        dataset.backgroundColor = COLOURS[index % COLOURS.length];
      });
      new window.Chart(canvas, {
        type: "bar",
        data: data,
        options: {
          animation: false,
          aspectRatio: 3,
          plugins: { legend: { position: "bottom" } },
          scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
        },
      });
    });
  }

  document.addEventListener("DOMContentLoaded", draw);
})();
