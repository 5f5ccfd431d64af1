"use strict";
// Select2's search box in a multiple-choice autocomplete has no name of its own (axe: label):
// it takes the label of the select it stands in for. Runs after Django's autocomplete.js has
// set the pickers up (jQuery runs ready handlers in order).
django.jQuery(function ($) {
  $("select.admin-autocomplete[multiple]").each(function () {
    const label = $("label[for='" + this.id + "']").text().trim().replace(/:$/, "");
    $(this).next(".select2").find(".select2-search__field").attr("aria-label", label);
  });
});
