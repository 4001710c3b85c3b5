/*
 * Drag and drop onto a file field. The page works without it: the plain
 * <input type="file" multiple> inside the form sends the files. With JavaScript, an element with
 * [data-drop-zone] around the input also takes files dropped on it: they become the input's
 * files, exactly as if they had been chosen in the dialog, so the same form posts them and the
 * server checks them the same way. The chosen names are listed under the field (a polite live
 * region, read once when the choice changes). The texts come from the zone's data attributes
 * (translated in the template).
 */
(function () {
  "use strict";

  function listNames(zone, input) {
    var list = zone.querySelector("[data-drop-list]");
    if (!list) {
      return;
    }
    var names = Array.prototype.map.call(input.files || [], function (file) {
      return file.name;
    });
    var template = names.length === 1 ? zone.dataset.dropOne : zone.dataset.dropMany;
    list.textContent = names.length
      ? (template || "{count}: {names}").replace("{count}", names.length).replace("{names}", names.join(", "))
      : "";
  }

  function attach(zone) {
    var input = zone.querySelector("input[type=file]");
    if (!input || zone.dataset.dropReady) {
      return;
    }
    zone.dataset.dropReady = "true";
    zone.classList.add("drop-zone");
    var depth = 0;

    function carriesFiles(event) {
      var types = event.dataTransfer ? event.dataTransfer.types : [];
      return Array.prototype.indexOf.call(types, "Files") !== -1;
    }

    zone.addEventListener("dragenter", function (event) {
      if (!carriesFiles(event)) {
        return;
      }
      event.preventDefault();
      depth += 1;
      zone.classList.add("drop-zone-active");
    });
    zone.addEventListener("dragover", function (event) {
      if (carriesFiles(event)) {
        event.preventDefault();
        event.dataTransfer.dropEffect = "copy";
      }
    });
    zone.addEventListener("dragleave", function () {
      depth = Math.max(0, depth - 1);
      if (depth === 0) {
        zone.classList.remove("drop-zone-active");
      }
    });
    zone.addEventListener("drop", function (event) {
      if (!carriesFiles(event)) {
        return;
      }
      event.preventDefault();
      depth = 0;
      zone.classList.remove("drop-zone-active");
      var files = event.dataTransfer.files;
      if (!input.multiple && files.length > 1) {
        var first = new DataTransfer();
        first.items.add(files[0]);
        files = first.files;
      }
      input.files = files;
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
    input.addEventListener("change", function () {
      listNames(zone, input);
    });
    listNames(zone, input);
  }

  function attachAll() {
    document.querySelectorAll("[data-drop-zone]").forEach(attach);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", attachAll);
  } else {
    attachAll();
  }
})();
