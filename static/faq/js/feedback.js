// "Was this helpful?": send the form with fetch() and show the answer in place. Without
// JavaScript the same form posts normally and the server answers with a page.
(function () {
  "use strict";

  function send(form, submitter) {
    var status = form.querySelector(".feedback__status");
    var data = new FormData(form);
    if (submitter && submitter.name) {
      data.set(submitter.name, submitter.value);
    }
    var buttons = form.querySelectorAll("button");
    buttons.forEach(function (button) { button.disabled = true; });
    fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.json().then(function (body) {
          status.textContent = body.message || body.error || "";
          form.classList.toggle("feedback__form--failed", !response.ok);
        });
      })
      .catch(function () {
        status.textContent = form.dataset.offlineMessage || "";
        form.classList.add("feedback__form--failed");
      })
      .finally(function () {
        buttons.forEach(function (button) { button.disabled = false; });
      });
  }

  document.querySelectorAll("form[data-feedback]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.fetch || !window.FormData) {
        return;
      }
      event.preventDefault();
      send(form, event.submitter);
    });
  });
})();
