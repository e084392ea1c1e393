/* The USSD simulator (templates/ussd/simulator.html): sends the phone's form to the staff
   view without reloading the page and shows the screen that comes back. The view adds the
   gateway's secret on the server; nothing secret is in this page. Without JavaScript the
   same form posts normally and the page comes back with the screen. */
(function () {
  "use strict";

  var form = document.getElementById("ussd-form");
  if (!form || !window.fetch || !window.FormData) return;
  var screen = document.getElementById("ussd-screen");
  var status = document.getElementById("ussd-status");
  var session = document.getElementById("ussd-session");
  var input = document.getElementById("ussd-input");
  var PERSIAN = "۰۱۲۳۴۵۶۷۸۹";

  function persian(value) {
    return String(value).replace(/[0-9]/g, function (digit) { return PERSIAN[digit]; });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var data = new FormData(form);
    var dial = event.submitter && event.submitter.name === "dial";
    if (dial) {
      data.set("session_id", "");
      data.set("input", "");
    }
    fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { Accept: "application/json" }
    })
      .then(function (response) { return response.json(); })
      .then(function (reply) {
        // A JS string counts UTF-16 code units: exactly what a USSD screen counts.
        screen.textContent = reply.text;
        status.textContent = persian(reply.text.length) + " از ۸۰ نویسه" +
          (reply.action === "end" ? " · نشست پایان یافت" : "");
        session.value = reply.action === "continue" ? reply.session_id : "";
        input.value = "";
        input.focus();
      })
      .catch(function () {
        screen.textContent = "پاسخی نیامد؛ دوباره بفرستید.";
      });
  });
})();
