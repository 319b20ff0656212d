// Sortable tables (the nationalities page): click or press Enter on a heading.
// Numbers sort largest first on the first click, text A to Z; again reverses.
// A link to the page ending in #KEN scrolls to that country's row and marks it.
(function () {
  "use strict";
  function key(row, col) {
    const text = row.cells[col].textContent.trim();
    const n = Number(text.replace(/[,%\s]/g, ""));
    return text !== "" && !Number.isNaN(n) ? n : text.toLowerCase();
  }
  function compare(x, y) {
    if (typeof x === typeof y) return x < y ? -1 : x > y ? 1 : 0;
    return typeof x === "number" ? -1 : 1; // empty cells last
  }
  function setUp(table) {
    const body = table.tBodies[0];
    const heads = table.querySelectorAll("thead th");
    heads.forEach(function (th, col) {
      th.tabIndex = 0;
      th.classList.add("iom-sort");
      th.title = "Sort by this column";
      function sort() {
        const rows = Array.from(body.rows);
        const numeric = rows.some(function (r) { return typeof key(r, col) === "number"; });
        const current = th.getAttribute("aria-sort");
        const ascending = current ? current === "descending" : !numeric;
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        rows.sort(function (a, b) {
          const c = compare(key(a, col), key(b, col));
          return ascending ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); }
      });
    });
    const wanted = decodeURIComponent(window.location.hash.slice(1)).toUpperCase();
    if (/^[A-Z]{3}$/.test(wanted)) {
      Array.from(body.rows).forEach(function (r) {
        if (r.cells[1] && r.cells[1].textContent.trim() === wanted) {
          r.classList.add("iom-found");
          r.id = wanted; // later visits to the same address land here too
          // After the page's own scrolling on load (furo's), not before it.
          window.addEventListener("load", function () {
            setTimeout(function () { r.scrollIntoView({ block: "center" }); }, 0);
          });
        }
      });
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".iom-sortable table").forEach(setUp);
  });
})();
