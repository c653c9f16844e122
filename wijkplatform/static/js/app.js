// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  function focusErrorSummary() {
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
  }
  document.addEventListener("DOMContentLoaded", focusErrorSummary);
})();
