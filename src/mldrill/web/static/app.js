// mldrill's page script: keyboard shortcuts, maths, the shortcuts dialog. No inline script anywhere (the CSP
// forbids it): pages declare behaviour with data- attributes and area scripts (study.js, interview.js, ...).
//
// data-key="x" on a link or button: pressing x clicks it (shown on screen in a <kbd>). Two-key sequences such
// as "g s" work too. Keys are ignored while typing in a field, except those with Ctrl/Meta (data-key="Ctrl+Enter").
(function () {
  "use strict";

  function renderMaths(root) {
    if (!window.katex) return;
    root.querySelectorAll(".math-inline, .math-display").forEach(function (el) {
      if (el.dataset.rendered) return;
      // a wide display formula scrolls sideways: keyboard users must be able to focus it to scroll it
      if (el.classList.contains("math-display") && !el.hasAttribute("tabindex")) el.setAttribute("tabindex", "0");
      var tex = el.textContent;
      try {
        window.katex.render(tex, el, {
          displayMode: el.classList.contains("math-display"),
          throwOnError: false,
          trust: false,
          strict: "ignore",
          maxExpand: 200,
          maxSize: 20,
        });
        el.dataset.rendered = "1";
        el.setAttribute("title", tex);
      } catch (e) {
        el.textContent = tex;
      }
    });
  }

  function typing(target) {
    if (!target || !target.tagName) return false;
    var tag = target.tagName.toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
  }

  function keyName(event) {
    var key = event.key === " " ? "Space" : event.key;
    var parts = [];
    if (event.ctrlKey) parts.push("Ctrl");
    if (event.metaKey) parts.push("Meta");
    if (event.altKey) parts.push("Alt");
    parts.push(key);
    return parts.join("+");
  }

  function visible(el) {
    return !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length) && !el.disabled;
  }

  function targets(name) {
    var found = [];
    document.querySelectorAll("[data-key]").forEach(function (el) {
      var keys = el.getAttribute("data-key").split("|");
      if (keys.indexOf(name) >= 0 && visible(el)) found.push(el);
    });
    // The innermost (last in the page) wins: a page's own key beats the navigation's.
    return found.length ? found[found.length - 1] : null;
  }

  var pending = "";
  var pendingTimer = null;

  function activate(el) {
    if (el.tagName.toLowerCase() === "input" || el.tagName.toLowerCase() === "textarea") {
      el.focus();
    } else {
      el.click();
    }
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.isComposing) return;
    var name = keyName(event);
    var inField = typing(event.target);
    if (name === "Escape" && inField) {
      event.target.blur();
      return;
    }
    if (inField && !(event.ctrlKey || event.metaKey)) return;
    if (!inField && (event.ctrlKey || event.metaKey) && name.indexOf("Enter") < 0) return;
    var sequence = pending ? pending + " " + name : name;
    var el = targets(sequence);
    if (el) {
      event.preventDefault();
      pending = "";
      activate(el);
      return;
    }
    if (!pending && name === "g") {
      pending = "g";
      clearTimeout(pendingTimer);
      pendingTimer = setTimeout(function () { pending = ""; }, 1200);
      return;
    }
    pending = "";
  });

  function showKeys() {
    var dialog = document.getElementById("keys-dialog");
    var list = document.getElementById("keys-list");
    if (!dialog || !list) return;
    list.textContent = "";
    var seen = {};
    document.querySelectorAll("[data-key]").forEach(function (el) {
      if (!visible(el)) return;
      var key = el.getAttribute("data-key");
      var label = (el.getAttribute("aria-label") || el.textContent || "").replace(/\s+/g, " ").trim();
      if (seen[key]) return;
      seen[key] = true;
      var li = document.createElement("li");
      var kbd = document.createElement("kbd");
      kbd.textContent = key.replace(/\|/g, " or ");
      li.appendChild(kbd);
      li.appendChild(document.createTextNode(" " + label));
      list.appendChild(li);
    });
    dialog.showModal();
  }

  document.addEventListener("click", function (event) {
    var el = event.target.closest ? event.target.closest("[data-action='show-keys']") : null;
    if (el) {
      event.preventDefault();
      showKeys();
    }
  });

  document.addEventListener("DOMContentLoaded", function () { renderMaths(document); });
  document.addEventListener("htmx:afterSettle", function (event) { renderMaths(event.target); });
  document.addEventListener("htmx:afterSwap", function (event) {
    var focus = event.target.querySelector("[autofocus]");
    if (focus) focus.focus();
  });

  window.mldrill = { renderMaths: renderMaths };
})();
