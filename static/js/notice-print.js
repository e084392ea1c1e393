/* A notice's print button (<button data-print>): the browser's print dialog. Kept out of the
   HTML because the Content-Security-Policy allows no inline script. */
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
