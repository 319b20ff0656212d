// The search page's first answers: themes, figures as printed and countries,
// from _static/iom-search.json (built with the docs from the package's data,
// the same data as iom_annual.search()).  Sphinx's own results follow below.
// Offline: the JSON is a file of the site.
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }
  // "13.3 million", "13,300,000", "2.5 billion" -> the number; else null.
  function number(text) {
    const m = fold(text).replace(/,/g, "").match(/^(?:usd\s*)?([0-9]+(?:\.[0-9]+)?)\s*(million|billion|%|per cent)?$/);
    if (!m) return null;
    const scale = { million: 1e6, billion: 1e9 }[m[2]] || 1;
    return Number(m[1]) * scale;
  }
  function score(entry, q, value) {
    let best = 0;
    entry.keys.forEach(function (k) {
      if (!k) return;
      if (k === q) best = Math.max(best, 100);
      else if (q.length >= 3 && k.startsWith(q)) best = Math.max(best, 70);
      else if (q.length >= 4 && k.includes(q)) best = Math.max(best, 40);
    });
    if (value !== null && entry.value !== undefined && entry.value !== null &&
        Math.abs(entry.value - value) <= 1e-9 * Math.max(1, Math.abs(value))) best = Math.max(best, 95);
    // On a tie: a country, then a theme, then a figure.
    const order = { country: 3, theme: 2, figure: 1 }[entry.kind] || 0;
    return best ? best * 10 + order : 0;
  }
  function show(entries, query) {
    const q = fold(query);
    if (!q) return;
    const value = number(query);
    const hits = entries.map(function (e) { return [score(e, q, value), e]; })
      .filter(function (p) { return p[0] > 0; })
      .sort(function (a, b) { return b[0] - a[0]; })
      .slice(0, 8);
    if (!hits.length) return;
    const root = document.documentElement.dataset.content_root || "";
    const box = document.createElement("section");
    box.className = "iom-answers";
    const h = document.createElement("h2");
    h.textContent = "In the data";
    box.appendChild(h);
    const list = document.createElement("ul");
    hits.forEach(function (p) {
      const e = p[1];
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = root + e.url;
      a.textContent = e.title;
      const kind = document.createElement("span");
      kind.className = "iom-kind";
      kind.textContent = e.kind + ": ";
      li.appendChild(kind);
      li.appendChild(a);
      if (e.text) {
        const small = document.createElement("div");
        small.className = "iom-snippet";
        small.textContent = e.text;
        li.appendChild(small);
      }
      list.appendChild(li);
    });
    box.appendChild(list);
    const results = document.getElementById("search-results");
    results.parentNode.insertBefore(box, results);
  }
  document.addEventListener("DOMContentLoaded", function () {
    if (!document.getElementById("search-results")) return;
    const query = new URLSearchParams(window.location.search).get("q") || "";
    if (!query.trim()) return;
    const root = document.documentElement.dataset.content_root || "";
    fetch(root + "_static/iom-search.json")
      .then(function (r) { return r.json(); })
      .then(function (entries) { show(entries, query); })
      .catch(function () { /* a file:// page cannot fetch: Sphinx's results still show */ });
  });
})();
