// The study page's own behaviour (app.js does the keys and the maths): how long a card was shown before it was
// rated (sent as duration_ms with the rating), and focusing the filters when they are opened with f.
(function () {
  "use strict";

  var shown = { question: null, at: 0 };

  function noteCard() {
    var card = document.getElementById("study-card");
    var question = card ? card.getAttribute("data-question") : null;
    if (question !== shown.question) {
      shown.question = question;
      shown.at = Date.now();
    }
  }

  // Runs before htmx (capture phase) reads the form, and before a plain form post.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form || form.id !== "rate-form" || !shown.question) return;
    var field = form.querySelector("input[name='duration_ms']");
    if (field) field.value = String(Math.max(0, Date.now() - shown.at));
  }, true);

  document.addEventListener("toggle", function (event) {
    var details = event.target;
    if (details && details.id === "study-filters" && details.open) {
      var first = details.querySelector("input");
      if (first) first.focus();
    }
  }, true);

  document.addEventListener("DOMContentLoaded", noteCard);
  document.addEventListener("htmx:afterSettle", noteCard);
})();
