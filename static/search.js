/* The search page: searches this language's pages with Pagefind's own API (its index holds each
   language apart, and the page's <html lang> picks this one). Where it cannot run (no JavaScript,
   a copy opened from disk, no WebAssembly) the list of every page, in the HTML, stays the page. */
(function () {
  "use strict";
  var box = document.getElementById("search");
  var note = document.getElementById("search-note");
  if (!box || !note) { return; }

  function cannotSearch() {
    box.hidden = true;
    note.textContent = note.getAttribute("data-cannot-search");
    note.hidden = false;
  }
  // Browsers do not let a page opened from disk fetch the index; Pagefind needs WebAssembly.
  if (window.location.protocol === "file:" || typeof WebAssembly !== "object") { cannotSearch(); return; }

  var input = document.getElementById("search-input");
  var form = document.getElementById("search-form");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var all = document.getElementById("search-all");
  var indexUrl = new URL(box.getAttribute("data-index"), document.baseURI).href;
  var loading = null;
  var SHOWN = 20;  // the best results; the count says how many pages matched in all

  function pagefind() {
    if (!loading) {
      loading = import(indexUrl).then(function (api) {
        // Result links start from the site's root, wherever the site is served.
        return api.options({ baseUrl: new URL("../", indexUrl).pathname }).then(function () { return api; });
      });
      loading.catch(cannotSearch);
    }
    return loading;
  }

  // Pagefind's excerpt is HTML with <mark> around the words found: only its text and marks are kept.
  function excerpt(html) {
    var paragraph = document.createElement("p");
    var parsed = new DOMParser().parseFromString("<body>" + html + "</body>", "text/html").body;
    parsed.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        paragraph.appendChild(mark);
      } else {
        paragraph.appendChild(document.createTextNode(node.textContent));
      }
    });
    return paragraph;
  }

  function show(results, count) {
    list.textContent = "";
    results.forEach(function (result) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = result.url;
      link.textContent = (result.meta && result.meta.title) || result.url;
      item.appendChild(link);
      item.appendChild(excerpt(result.excerpt || ""));
      list.appendChild(item);
    });
    status.textContent = results.length
      ? box.getAttribute("data-found").replace("{count}", String(count))
      : box.getAttribute("data-none");
  }

  var asked = 0;
  function search(now) {
    var term = input.value.trim();
    var mine = ++asked;
    if (!term) {
      list.textContent = "";
      status.textContent = "";
      all.hidden = false;
      return;
    }
    all.hidden = true;
    status.textContent = box.getAttribute("data-searching");
    pagefind().then(function (api) {
      return now ? api.search(term) : api.debouncedSearch(term, {}, 250);
    }).then(function (found) {
      if (!found || mine !== asked) { return null; }  // a later search has begun
      return Promise.all(found.results.slice(0, SHOWN).map(function (result) { return result.data(); }))
        .then(function (results) { return { results: results, count: found.results.length }; });
    }).then(function (answer) {
      if (answer && mine === asked) { show(answer.results, answer.count); }
    }).catch(function () {});
  }

  input.addEventListener("input", function () { search(false); });
  form.addEventListener("submit", function (event) { event.preventDefault(); search(true); });
  input.addEventListener("focus", pagefind, { once: true });
  box.hidden = false;
  note.hidden = true;
})();
