// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  function focusErrorSummary() {
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
  }
  document.addEventListener("DOMContentLoaded", focusErrorSummary);

  function announce(message) {
    var announcer = document.getElementById("live-announcer");
    if (!message || !announcer) { return; }
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = message; }, 50);
  }

  // "Copy link" beside a share link (data-copy-from: the id of the field with the link).
  // Without JavaScript the button stays hidden and the link is copied by hand. The focus
  // stays on the button; the result is read out from the live region.
  function setUpCopyButtons() {
    var buttons = document.querySelectorAll("button[data-copy-from]");
    Array.prototype.forEach.call(buttons, function (button) {
      var field = document.getElementById(button.getAttribute("data-copy-from"));
      if (!field) { return; }
      var wrapper = button.closest("[hidden]");
      if (wrapper) { wrapper.hidden = false; }
      button.addEventListener("click", function () {
        function failed() {
          field.select();
          button.focus();
          announce(button.getAttribute("data-copy-failed"));
        }
        if (!navigator.clipboard || !navigator.clipboard.writeText) { failed(); return; }
        navigator.clipboard.writeText(field.value).then(function () {
          announce(button.getAttribute("data-copied"));
        }, failed);
      });
    });
  }
  document.addEventListener("DOMContentLoaded", setUpCopyButtons);

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
    announce(root.getAttribute("data-announce"));
  });
})();
