/*
 * A counter under every textarea with a maximum length (core.fields.TextField and the forms give
 * it as maxlength): "120 of 2.000 characters", in the page's language. The text comes from the
 * <body data-text-counter> attribute (translated in templates/base.html). The counter is tied to
 * the field with aria-describedby; it is not a live region, so a screen reader is not
 * interrupted at each key, and reads it with the field's description. Textareas that htmx brings
 * into the page get one too.
 */
(function () {
  "use strict";

  var template = document.body.dataset.textCounter || "{count} / {max}";
  var language = document.documentElement.lang || "nl-BE";

  function number(value) {
    return value.toLocaleString(language);
  }

  function attach(area) {
    if (area.dataset.counted) {
      return;
    }
    var max = parseInt(area.getAttribute("maxlength"), 10);
    if (!(max > 0)) {
      return;
    }
    area.dataset.counted = "true";
    var counter = document.createElement("div");
    counter.className = "form-text text-end text-counter";
    counter.id = (area.id || "text-" + Math.random().toString(36).slice(2)) + "-counter";
    function update() {
      counter.textContent = template
        .replace("{count}", number(area.value.length))
        .replace("{max}", number(max));
      counter.classList.toggle("text-danger", area.value.length >= max);
    }
    update();
    area.addEventListener("input", update);
    area.insertAdjacentElement("afterend", counter);
    var described = area.getAttribute("aria-describedby");
    area.setAttribute("aria-describedby", described ? described + " " + counter.id : counter.id);
  }

  function attachAll(root) {
    (root.querySelectorAll ? root : document).querySelectorAll("textarea[maxlength]").forEach(attach);
    if (root.matches && root.matches("textarea[maxlength]")) {
      attach(root);
    }
  }

  attachAll(document);
  document.body.addEventListener("htmx:load", function (event) {
    attachAll(event.target);
  });
})();
