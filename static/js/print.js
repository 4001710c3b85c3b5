/*
 * Print buttons: any button with data-print prints the page (the print stylesheet of the page
 * decides what goes on paper). The button is hidden in the HTML and shown here, so that without
 * JavaScript nobody sees a button that does nothing (the browser's own Print still works).
 */
(function () {
  "use strict";

  document.querySelectorAll("button[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
