// Start the design system's components (menus, accordions, error summaries, ...).
document.addEventListener("DOMContentLoaded", function () {
  if (window.DKFDS) {
    window.DKFDS.init();
  }
  // Filter panels folded on a phone (so results come first) start open on wider screens.
  if (window.matchMedia("(min-width: 768px)").matches) {
    document.querySelectorAll("details[data-open-on-wide-screens]").forEach(function (panel) {
      panel.open = true;
    });
  }
});
