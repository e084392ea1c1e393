/* Behaviour every page shares, kept out of the HTML: the Content-Security-Policy allows
   no inline script or style, so elements ask for it through data- attributes. */
(function () {
  "use strict";

  // <select data-autosubmit>: sends its form as soon as the choice changes (role switcher).
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.matches("select[data-autosubmit]") && field.form) field.form.submit();
  });

  // <div class="progress-bar" data-progress-percent="42">: the bar's width, set through
  // the DOM (allowed) rather than a style="" attribute (refused).
  function sizeProgressBars(root) {
    root.querySelectorAll("[data-progress-percent]").forEach(function (bar) {
      bar.style.width = bar.dataset.progressPercent + "%";
    });
  }
  sizeProgressBars(document);
  document.addEventListener("htmx:load", function (event) { sizeProgressBars(event.detail.elt); });
})();
