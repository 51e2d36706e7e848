(function () {
  "use strict";
  var form = document.getElementById("filters");
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-sev]"));
  var shown = document.getElementById("shown");
  function keep(row, sev, area, coord) {
    return (!sev || row.getAttribute("data-sev") === sev) &&
      (!area || row.getAttribute("data-area") === area) &&
      (!coord || (" " + row.getAttribute("data-coord") + " ").indexOf(" " + coord + " ") >= 0);
  }
  function apply() {
    var sev = form.elements.severity.value, area = form.elements.area.value;
    var coord = form.elements.coordinator.value, seen = {};
    rows.forEach(function (row) {
      row.hidden = !keep(row, sev, area, coord);
      if (!row.hidden) { seen[row.getAttribute("data-finding")] = true; }
    });
    document.querySelectorAll("[data-group]").forEach(function (group) {
      group.hidden = !group.querySelector("tr[data-sev]:not([hidden])");
    });
    shown.textContent = Object.keys(seen).length + " of " + shown.getAttribute("data-total");
  }
  if (form) {
    form.hidden = false;
    form.addEventListener("change", apply);
  }
  function value(row, column) {
    var cell = row.cells[column];
    return cell ? (cell.getAttribute("data-sort") || cell.textContent) : "";
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var body = table.tBodies[0], up = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) {
          other.removeAttribute("aria-sort");
        });
        th.setAttribute("aria-sort", up ? "ascending" : "descending");
        Array.prototype.slice.call(body.rows).sort(function (a, b) {
          var x = value(a, column), y = value(b, column);
          return (x < y ? -1 : x > y ? 1 : 0) * (up ? 1 : -1);
        }).forEach(function (row) { body.appendChild(row); });
      });
    });
  });
}());
