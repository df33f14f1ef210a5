// The checker's results: move focus to the summary after a submit, since the answer is a new
// page and a screen reader would start again from the top. Without JavaScript the form's
// #check-summary fragment scrolls there. The Markdown report's copy button is copy.js's.
(function () {
  "use strict";

  var summary = document.getElementById("check-summary");
  if (summary) {
    summary.focus();
  }
})();
