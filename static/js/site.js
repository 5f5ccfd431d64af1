// Start the design system's components (menus, accordions, error summaries, ...).
document.addEventListener("DOMContentLoaded", function () {
  if (window.DKFDS) {
    window.DKFDS.init();
  }
});
