(function () {
  "use strict";
  // Sort a ranking table by a column: numbers by their exact value (data-v), text the Vietnamese
  // way; a second click reverses; empty cells last; equal cells keep the ranking's order.
  var collator = new Intl.Collator("vi", { numeric: true, sensitivity: "base" });
  function key(cell) {
    if (cell.hasAttribute("data-v")) { return { number: parseFloat(cell.getAttribute("data-v")), text: "" }; }
    return { number: null, text: cell.textContent.trim() };
  }
  function compare(a, b, numeric) {
    if (numeric) {
      if (a.number === null || b.number === null) { return (a.number === null) - (b.number === null); }
      return a.number - b.number;
    }
    return collator.compare(a.text, b.text);
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    var body = table.tBodies[0];
    Array.prototype.forEach.call(body.rows, function (row, position) { row.setAttribute("data-i", position); });
    var headers = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(headers, function (header, column) {
      var numeric = header.classList.contains("num");
      var button = document.createElement("button");
      button.type = "button";
      while (header.firstChild) { button.appendChild(header.firstChild); }
      header.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = header.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (other) { other.removeAttribute("aria-sort"); });
        header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var ka = key(a.cells[column]), kb = key(b.cells[column]);
          var empty = numeric && (ka.number === null || kb.number === null);
          var order = compare(ka, kb, numeric);
          if (order !== 0) { return empty || ascending ? order : -order; }
          return a.getAttribute("data-i") - b.getAttribute("data-i");
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
  // A link to a unit opens its details; printing opens them all.
  function openTarget() {
    var target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    if (target && target.tagName === "DETAILS") { target.open = true; }
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details"), function (details) { details.open = true; });
  });
})();
