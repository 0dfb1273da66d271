// The coverage tree table: a toggle loads a unit's child rows below it (HTMX), and hides them again.
// Without JavaScript the unit names are links to the same page for that unit.
(function () {
  "use strict";

  function descendants(row) {
    var path = row.getAttribute("data-path");
    var out = [];
    var next = row.nextElementSibling;
    while (next && (next.getAttribute("data-path") || "").indexOf(path) === 0) {
      out.push(next);
      next = next.nextElementSibling;
    }
    return out;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest(".coverage-toggle");
    if (!button) {
      return;
    }
    var row = button.closest("tr");
    if (button.getAttribute("aria-expanded") === "true") {
      descendants(row).forEach(function (child) { child.remove(); });
      button.setAttribute("aria-expanded", "false");
      return;
    }
    button.setAttribute("aria-expanded", "true");
    window.htmx.ajax("GET", button.getAttribute("data-url"), { target: row, swap: "afterend" });
  });
})();
