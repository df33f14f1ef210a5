/* Suggestions for the header search box, as progressive enhancement: without this file the box
   is a plain GET form. Implements the ARIA 1.2 combobox pattern (list autocomplete): arrow keys
   move through the options, Enter opens the active one, Escape closes the list. */
(function () {
  "use strict";
  var DELAY_MS = 200;
  var form = document.querySelector("form.search-box[data-suggest-url]");
  if (!form || !window.fetch) { return; }
  var input = form.querySelector("input[name=q]");
  var list = form.querySelector("[role=listbox]");
  var status = form.querySelector("[role=status]");
  var timer = null;
  var controller = null;
  var active = -1;
  var lastQuery = "";

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);

  function options() { return list.querySelectorAll("[role=option]"); }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function setActive(index) {
    var items = options();
    if (!items.length) { return; }
    active = (index + items.length) % items.length;
    items.forEach(function (item, i) { item.setAttribute("aria-selected", i === active ? "true" : "false"); });
    input.setAttribute("aria-activedescendant", items[active].id);
    items[active].scrollIntoView({ block: "nearest" });
  }

  function show(suggestions) {
    list.textContent = "";
    suggestions.forEach(function (s, i) {
      var li = document.createElement("li");
      li.id = list.id + "-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.className = "search-box__option";
      li.dataset.url = s.url;
      li.textContent = s.title;  /* text, never HTML */
      li.addEventListener("mousedown", function (event) { event.preventDefault(); });
      li.addEventListener("click", function () { window.location.assign(s.url); });
      list.appendChild(li);
    });
    active = -1;
    input.removeAttribute("aria-activedescendant");
    if (suggestions.length) {
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    } else {
      close();
    }
    status.textContent = suggestions.length ? list.dataset.countText.replace("{n}", suggestions.length) : "";
  }

  function fetchSuggestions() {
    var query = input.value.trim();
    if (query === lastQuery) { return; }
    lastQuery = query;
    if (controller) { controller.abort(); }
    if (!query) { show([]); return; }
    controller = new AbortController();
    var url = form.dataset.suggestUrl + "?q=" + encodeURIComponent(query);
    fetch(url, { signal: controller.signal, headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
      .then(function (data) { if (input.value.trim() === query) { show(data.suggestions || []); } })
      .catch(function () { /* aborted or offline: the form still works */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(fetchSuggestions, DELAY_MS);
  });

  input.addEventListener("keydown", function (event) {
    var open = !list.hidden;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (!open && options().length) { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
      setActive(active + 1);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      setActive(active - 1);
    } else if (event.key === "Enter" && open && active >= 0) {
      event.preventDefault();
      window.location.assign(options()[active].dataset.url);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      close();
    }
  });

  input.addEventListener("blur", function () { setTimeout(close, 100); });
})();
