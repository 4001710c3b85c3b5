/*
 * Every chart of the app: a canvas with data-chart="bar" gets a Chart.js chart. Its figures come
 * from the json_script element named by data-chart-data (labels and datasets); data-chart-stacked
 * stacks the bars of each dataset's `stack`; data-chart-colours lists the bar colours (space
 * separated), else Bootstrap's palette. No inline script, so the strict CSP holds. The table
 * beside each chart holds the same numbers: a chart is decoration (role="img", aria-label).
 * Charts are drawn again after every htmx swap, which may bring new figures.
 */
(function () {
  "use strict";

  // Bootstrap's palette, dark enough against white for bars (WCAG 1.4.11: 3:1 for graphics).
  var COLOURS = ["#0d6efd", "#198754", "#b35c00", "#6f42c1", "#d63384"];

  function options(canvas) {
    var stacked = canvas.hasAttribute("data-chart-stacked");
    return {
      animation: false,
      aspectRatio: 3,
      plugins: { legend: { position: "bottom" } },
      scales: {
        x: { stacked: stacked },
        y: { stacked: stacked, beginAtZero: true, ticks: { precision: 0 } },
      },
    };
  }

  function draw(root) {
    if (typeof window.Chart === "undefined" || !root.querySelectorAll) {
      return;
    }
    root.querySelectorAll("canvas[data-chart][data-chart-data]").forEach(function (canvas) {
      var source = document.getElementById(canvas.dataset.chartData);
      if (!source) {
        return;
      }
      var data = JSON.parse(source.textContent);
      var colours = canvas.dataset.chartColours ? canvas.dataset.chartColours.split(/\s+/) : COLOURS;
      var previous = window.Chart.getChart(canvas);
      if (previous) {
        previous.destroy();
      }
      data.datasets.forEach(function (dataset, index) {
        dataset.backgroundColor = colours[index % colours.length];
      });
      new window.Chart(canvas, { type: canvas.dataset.chart, data: data, options: options(canvas) });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    draw(document);
  });
  // htmx fires htmx:load on every piece of content it swaps in.
  document.addEventListener("htmx:load", function (event) {
    draw(event.target);
  });
})();
