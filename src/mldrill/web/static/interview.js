// The interview page: the question's countdown and the interview's, ticking from the times the server rendered
// (data- attributes on #interview-step); the answer saved every few seconds, on every blur and before the page
// goes away (POST /api/interviews/ID/save with the time this page counted); a copy kept in localStorage until the
// server has it, so a reload or a killed server loses nothing typed; and the answer handed in as timed out when
// the question's (or the interview's) time runs out.
(function () {
  "use strict";

  var TICK_MS = 250;
  var SAVE_EVERY_MS = 3000; // when the text changed
  var CHECKPOINT_MS = 10000; // the time used, even when nothing was typed
  var WARN_MS = 30000;

  function clockText(ms) {
    var seconds = Math.max(Math.floor(ms / 1000 + 0.999), 0);
    var m = Math.floor(seconds / 60);
    var s = seconds % 60;
    return (m < 10 ? "0" : "") + m + ":" + (s < 10 ? "0" : "") + s;
  }

  function readLocal(key) {
    try {
      var raw = window.localStorage.getItem(key);
      return raw ? JSON.parse(raw) : null;
    } catch (e) {
      return null;
    }
  }

  function writeLocal(key, value) {
    try {
      if (value === null) window.localStorage.removeItem(key);
      else window.localStorage.setItem(key, JSON.stringify(value));
    } catch (e) {
      /* storage full or off: the server copy is all there is */
    }
  }

  function start() {
    var root = document.getElementById("interview-step");
    if (!root) return;
    var form = document.getElementById("answer-form");
    var box = document.getElementById("answer");
    var statusLine = document.getElementById("save-status");
    var usedField = document.getElementById("used-ms");
    var timedOutField = document.getElementById("timed-out");
    var handIn = document.getElementById("hand-in");
    var questionClock = document.getElementById("question-clock");
    var overallClock = document.getElementById("overall-clock");
    var questionBox = document.getElementById("question-clock-box");
    var overallBox = document.getElementById("overall-clock-box");

    var id = root.dataset.interview;
    var position = Number(root.dataset.position);
    var part = root.dataset.part;
    var usedAtLoad = Number(root.dataset.usedMs);
    var budget = Number(root.dataset.budgetMs);
    var overallAtLoad = Number(root.dataset.overallLeftMs);
    var loadedAt = performance.now();
    var key = "mldrill-interview-" + id + "-" + position + "-" + part;
    var saveUrl = "/api/interviews/" + id + "/save";

    var savedText = box.value; // what the server holds
    var lastSaveAt = performance.now();
    var saving = false;
    var again = false;
    var submitted = false;

    function used() {
      return Math.round(usedAtLoad + (performance.now() - loadedAt));
    }

    function say(text) {
      statusLine.textContent = text;
    }

    function payload() {
      return JSON.stringify({ text: box.value, used_ms: used(), position: position, part: part });
    }

    function remember() {
      writeLocal(key, box.value === savedText ? null : { text: box.value });
    }

    function save(force) {
      if (submitted) return;
      if (saving) {
        again = true;
        return;
      }
      var text = box.value;
      var due = performance.now() - lastSaveAt >= CHECKPOINT_MS;
      if (!force && text === savedText && !due) return;
      saving = true;
      if (text !== savedText) say("Saving…");
      fetch(saveUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: payload(),
        credentials: "same-origin",
      })
        .then(function (response) {
          if (response.status === 409) {
            // handed in elsewhere (another tab): show the step that is open now
            submitted = true;
            say("This step was handed in in another tab; loading the one open now…");
            window.location.reload();
            return;
          }
          if (!response.ok) throw new Error("the server answered " + response.status);
          savedText = text;
          lastSaveAt = performance.now();
          remember();
          say("Saved.");
        })
        .catch(function (error) {
          say("Not saved yet (" + error.message + "): kept in this browser, trying again.");
        })
        .finally(function () {
          saving = false;
          if (again) {
            again = false;
            save(false);
          }
        });
    }

    // What was typed before a reload or a server crash that the server never got comes back.
    var local = readLocal(key);
    if (local && typeof local.text === "string" && local.text !== box.value) {
      box.value = local.text;
      say("Restored what you typed before the page went away.");
      save(true);
    } else {
      writeLocal(key, null);
    }
    box.setSelectionRange(box.value.length, box.value.length);

    box.addEventListener("input", remember);
    box.addEventListener("blur", function () {
      save(true);
    });

    form.addEventListener("submit", function (event) {
      if (submitted) {
        event.preventDefault();
        return;
      }
      submitted = true;
      usedField.value = String(used());
      var skipping = event.submitter && event.submitter.id === "skip";
      say(skipping ? "Skipping…" : "Handing in and grading…");
      writeLocal(key, null);
      setTimeout(function () {
        form.querySelectorAll("button").forEach(function (b) {
          b.disabled = true;
        });
      }, 0);
    });

    function timeUp() {
      timedOutField.value = "1";
      form.requestSubmit(handIn);
    }

    function tick() {
      if (submitted) return;
      var spent = performance.now() - loadedAt;
      var questionLeft = budget - used();
      var overallLeft = overallAtLoad - spent;
      questionClock.textContent = clockText(questionLeft);
      overallClock.textContent = clockText(overallLeft);
      questionBox.classList.toggle("warn", questionLeft <= WARN_MS);
      overallBox.classList.toggle("warn", overallLeft <= WARN_MS);
      if (questionLeft <= 0 || overallLeft <= 0) {
        say(overallLeft <= 0 ? "The interview's time is up: handing in." : "Time's up: handing in.");
        timeUp();
        return;
      }
      if (performance.now() - lastSaveAt >= SAVE_EVERY_MS) save(false);
    }

    window.addEventListener("beforeunload", function () {
      if (submitted || box.value === savedText) return;
      try {
        fetch(saveUrl, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: payload(),
          credentials: "same-origin",
          keepalive: true,
        }).catch(function () {
          /* the localStorage copy brings it back */
        });
      } catch (e) {
        /* the localStorage copy brings it back */
      }
    });

    tick();
    setInterval(tick, TICK_MS);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
