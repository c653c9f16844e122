// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  function focusErrorSummary() {
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
  }
  document.addEventListener("DOMContentLoaded", focusErrorSummary);

  // After an htmx action (support, follow, a reaction) the part that changed is swapped in.
  // Keyboard and screen-reader users keep their place: the focus goes to the updated
  // control (or where the part asks, data-focus), and what happened is read out from the
  // page's live region (data-announce on the part).
  var swapped = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (!target || !target.id) { swapped = null; return; }
    swapped = {
      id: target.id,
      hadFocus: target.contains(document.activeElement),
    };
  });
  function focusable(element) {
    if (!element.matches("a[href], button, input, select, textarea, [tabindex]")) {
      element.setAttribute("tabindex", "-1");
    }
    element.focus();
  }
  document.addEventListener("htmx:afterSettle", function () {
    if (!swapped) { return; }
    var root = document.getElementById(swapped.id);
    var hadFocus = swapped.hadFocus;
    swapped = null;
    if (!root) { return; }
    var wanted = root.getAttribute("data-focus");
    var invalid = root.querySelector("[aria-invalid=true]");
    if (wanted && document.getElementById(wanted)) {
      focusable(document.getElementById(wanted));
    } else if (invalid) {
      invalid.focus();
    } else if (hadFocus) {
      var control = root.querySelector("button, a[href], textarea, input:not([type=hidden])");
      focusable(control || root);
    }
    var message = root.getAttribute("data-announce");
    var announcer = document.getElementById("live-announcer");
    if (message && announcer) {
      announcer.textContent = "";
      window.setTimeout(function () { announcer.textContent = message; }, 50);
    }
  });
})();
