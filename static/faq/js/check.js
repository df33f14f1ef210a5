// The checker's results: move focus to the summary after a submit (the page is a new one, so
// a screen reader would start from the top), and copy the Markdown report. Without JavaScript
// the form's #check-summary fragment scrolls there and the report can be copied by hand.
(function () {
  "use strict";

  var summary = document.getElementById("check-summary");
  if (summary) {
    summary.focus();
  }

  var button = document.querySelector("[data-copy]");
  if (!button) {
    return;
  }
  var source = document.getElementById(button.dataset.copy);
  var status = button.parentNode.querySelector(".check-copy__status");
  button.parentNode.hidden = false;
  button.addEventListener("click", function () {
    var done = function () { status.textContent = button.dataset.copied; };
    var failed = function () { status.textContent = button.dataset.failed; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(source.value).then(done, failed);
      return;
    }
    source.closest("details").open = true;
    source.select();
    try {
      if (document.execCommand("copy")) {
        done();
        return;
      }
    } catch (error) {
      // fall through to the message
    }
    failed();
  });
})();
