/*
 * The caseload chart on "Mijn team": a bar per social worker for the number of clients, and a
 * stacked bar of their open trajectories by kind. The figures come from a json_script element
 * named by the canvas' data-chart-data; the table beside it holds the same numbers, so the
 * chart is decoration (role="img" with an aria-label). Drawn again after every htmx swap, as a
 * reassignment returns the caseload with new figures.
 */
(function () {
  "use strict";

  // Bootstrap's palette, dark enough against white for bars (WCAG 1.4.11: 3:1 for graphics).
  var COLOURS = ["#0d6efd", "#198754", "#b35c00", "#6f42c1", "#d63384"];

  function draw(root) {
    if (typeof window.Chart === "undefined" || !root.querySelectorAll) {
      return;
    }
    root.querySelectorAll("canvas[data-chart-data]").forEach(function (canvas) {
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
          scales: {
            x: { stacked: true },
            y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
          },
        },
      });
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
