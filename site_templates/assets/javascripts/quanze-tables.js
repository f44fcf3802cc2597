/* Tables of more than four columns: on a phone one card per row, each cell under its column's
   name. Each body cell is given its column's name (data-label) and the table the mark
   data-quanze-stack, which quanze.css stacks below 45em and lets use the page's full width on a
   desk. A table already laid out as cards (.quanze-cards) is left as it is. */
(function () {
  "use strict";

  var MANY = 4, LONG = 12, SHORT = 4;

  function columnNames(table) {
    var names = [];
    table.querySelectorAll("thead tr:last-child th, thead tr:last-child td").forEach(function (cell) {
      var span = Math.max(1, parseInt(cell.getAttribute("colspan") || "1", 10));
      for (var i = 0; i < span; i++) names.push(cell.textContent.replace(/\s+/g, " ").trim());
    });
    return names;
  }

  function stack(table) {
    if (table.closest(".quanze-cards") || table.hasAttribute("data-quanze-stack")) return;
    var names = columnNames(table);
    if (names.length <= MANY) return;
    table.setAttribute("data-quanze-stack", "");
    var longest = [], cells = [];
    table.querySelectorAll("tbody tr").forEach(function (row) {
      var column = 0;
      Array.prototype.forEach.call(row.children, function (cell) {
        if (names[column] && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", names[column]);
        longest[column] = Math.max(longest[column] || 0, cell.textContent.trim().length);
        cells.push([cell, column]);
        column += Math.max(1, parseInt(cell.getAttribute("colspan") || "1", 10));
      });
    });
    // a column of long texts (a power's name) is given room on a desk; a short header stays on one line
    cells.forEach(function (pair) {
      if (longest[pair[1]] >= LONG) pair[0].setAttribute("data-quanze-long", "");
    });
    table.querySelectorAll("thead th").forEach(function (th) {
      if (th.textContent.trim().length <= SHORT) th.setAttribute("data-quanze-short", "");
    });
  }

  function stackAll() {
    document.querySelectorAll(".md-typeset table").forEach(stack);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", stackAll);
  else stackAll();
})();
