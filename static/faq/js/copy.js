// Copy buttons: each code block, the crictl translator's output and anything marked
// data-copy get a button that copies their text. Without JavaScript nothing changes: the
// text stays selectable. The labels come from <body data-copy-label> in the page's language.
(function () {
  "use strict";

  var labels = document.body.dataset;
  var status;

  function announce(message) {
    if (!status) {
      status = document.createElement("p");
      status.className = "visually-hidden";
      status.setAttribute("role", "status");
      document.body.appendChild(status);
    }
    status.textContent = message;
  }

  function fallbackCopy(text) {
    // Plain http (an internal host) has no clipboard API; a selected textarea still copies.
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "visually-hidden";
    document.body.appendChild(area);
    area.select();
    var copied = document.execCommand("copy");
    area.remove();
    return copied ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return fallbackCopy(text); });
    }
    return fallbackCopy(text);
  }

  function addButton(container, source) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    button.textContent = labels.copyLabel;
    button.addEventListener("click", function () {
      copy(source.textContent.replace(/\n$/, "")).then(
        function () {
          button.textContent = labels.copiedLabel;
          button.setAttribute("data-copied", "");
          announce(labels.copiedLabel);
          setTimeout(function () {
            button.textContent = labels.copyLabel;
            button.removeAttribute("data-copied");
          }, 2000);
        },
        function () { announce(labels.copyFailedLabel); }
      );
    });
    container.appendChild(button);
  }

  function wrap(element, tagName, className) {
    var wrapper = document.createElement(tagName);
    wrapper.className = className;
    element.parentNode.insertBefore(wrapper, element);
    wrapper.appendChild(element);
    addButton(wrapper, element);
  }

  document.querySelectorAll(".prose pre, pre.translator__command, pre.check-markdown__text").forEach(function (pre) {
    wrap(pre, "div", "code-block");
  });
  document.querySelectorAll("[data-copy]").forEach(function (element) {
    wrap(element, "span", "copy-inline");
  });
})();
