// Search the audit site offline: the index embedded in the page as JSON, filtered as
// the auditor types.  Without scripts the search box stays hidden and every series is
// listed in the table below it.
(function () {
  "use strict";
  var box = document.getElementById("search-box");
  var source = document.getElementById("search-index");
  if (!box || !source) return;
  var entries = JSON.parse(source.textContent);
  var input = document.getElementById("search");
  var list = document.getElementById("search-results");
  var count = document.getElementById("search-count");
  var LIMIT = 60;

  function matches(entry, words) {
    var hay = entry.text + " " + entry.label.toLowerCase();
    return words.every(function (w) { return hay.indexOf(w) !== -1; });
  }

  function item(entry) {
    var li = document.createElement("li");
    var kind = document.createElement("span");
    kind.className = "kind";
    kind.textContent = entry.kind;
    var a = document.createElement("a");
    a.href = entry.href;
    a.textContent = entry.label;
    var detail = document.createElement("span");
    detail.className = "meta";
    detail.textContent = " · " + entry.detail;
    li.append(kind, a, detail);
    return li;
  }

  function show(query) {
    list.textContent = "";
    var words = query.toLowerCase().split(/\s+/).filter(Boolean);
    if (!words.length) {
      count.textContent = "";
      return;
    }
    var hits = entries.filter(function (e) { return matches(e, words); });
    hits.slice(0, LIMIT).forEach(function (e) { list.appendChild(item(e)); });
    count.textContent = hits.length + (hits.length === 1 ? " match" : " matches") +
      (hits.length > LIMIT ? " (first " + LIMIT + " shown)" : "");
  }

  box.hidden = false;
  input.addEventListener("input", function () { show(input.value); });
  show(input.value);
})();
