/* Optional help for finding one's language; every page works without it.
   - On the root page, sends the visitor to the language they chose before,
     or else to the best match of the browser's languages.
   - Anywhere, remembers a language picked in the switcher or the chooser
     (in localStorage, and in a "lang" cookie a server can read too). */
(function () {
  "use strict";
  var KEY = "lang";

  function remember(code) {
    try { window.localStorage.setItem(KEY, code); } catch (e) { /* storage may be off */ }
    document.cookie = KEY + "=" + encodeURIComponent(code) + "; path=/; max-age=31536000; SameSite=Lax";
  }

  function remembered() {
    try { return window.localStorage.getItem(KEY); } catch (e) { return null; }
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-remember-language]");
    if (link) { remember(link.getAttribute("hreflang")); }
  });

  var chooser = document.querySelector("[data-language-chooser]");
  if (!chooser || window.location.hash === "#choose-language") { return; }

  var offered = {};
  var links = chooser.querySelectorAll("a[hreflang]");
  for (var i = 0; i < links.length; i++) {
    offered[links[i].getAttribute("hreflang").toLowerCase()] = links[i].href;
  }

  function best(wanted) {
    for (var j = 0; j < wanted.length; j++) {
      var tag = String(wanted[j]).toLowerCase();
      if (offered[tag]) { return offered[tag]; }
      var primary = tag.split("-")[0];
      if (offered[primary]) { return offered[primary]; }
    }
    return null;
  }

  var stored = remembered();
  var target = (stored && offered[stored.toLowerCase()]) ||
    best(navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ""]);
  // What it decided, on the chooser: the browser tests wait for it before saying nothing happened.
  chooser.setAttribute("data-language-match", target ? "found" : "none");
  if (target) { window.location.replace(target); }
})();
