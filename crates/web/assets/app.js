// Tendo's small first-party script: progressive enhancements only. Every page works without it.
(function () {
  "use strict";
  // Move focus to an error summary so screen-reader users hear what needs fixing.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector(".error-summary");
    if (summary) { summary.focus(); }
  });
})();
