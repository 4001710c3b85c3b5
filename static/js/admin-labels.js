// The admin's autocomplete (select2) replaces a select by a combobox named after its selected
// option only, so an empty one has no name: it gets the label of the select it replaces (on
// the combobox and on the text that names it).
"use strict";
function labelAutocompletes() {
  for (const select of document.querySelectorAll("select.admin-autocomplete")) {
    const label = select.id && document.querySelector(`label[for="${select.id}"]`);
    const boxes = select.nextElementSibling?.querySelectorAll(
      ".select2-selection, .select2-selection__rendered",
    );
    for (const box of label ? boxes || [] : []) {
      box.setAttribute("aria-label", label.textContent.replace(/:\s*$/, "").trim());
    }
  }
}
// After the admin's own ready handler (autocomplete.js) has built the comboboxes.
if (window.django?.jQuery) {
  window.django.jQuery(labelAutocompletes);
}
