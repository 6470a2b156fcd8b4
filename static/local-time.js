/* Optional: beside each session's time in the conference's zone, the same time in the visitor's own zone,
   where the two differ. The page is complete without it, and the sessions stay under the conference's days.
   The label comes from the page ([data-local-time], translated: "%(time)s in your time zone"). */
(function () {
  "use strict";
  var holder = document.querySelector("[data-local-time]");
  if (!holder || !window.Intl || !Intl.DateTimeFormat) { return; }
  var label = holder.getAttribute("data-local-time");
  // The hours as the page writes them: its dates' locale (British English for "en" on this site), else its language.
  var language = holder.getAttribute("data-locale") || document.documentElement.lang || undefined;
  var hours, withDay;
  try {
    hours = new Intl.DateTimeFormat(language, { hour: "numeric", minute: "2-digit" });
    withDay = new Intl.DateTimeFormat(language, { weekday: "short", hour: "numeric", minute: "2-digit" });
  } catch (e) { return; }

  // The conference's offset at that instant, as the page writes it: "2013-03-01T10:00:00-05:00" gives -300 minutes.
  function offsetOf(written) {
    var found = /([+-])(\d\d):(\d\d)$/.exec(written);
    if (!found) { return written.slice(-1) === "Z" ? 0 : null; }
    var minutes = Number(found[2]) * 60 + Number(found[3]);
    return found[1] === "-" ? -minutes : minutes;
  }

  function range(format, start, end) {
    return format.formatRange ? format.formatRange(start, end) : format.format(start) + "\u2013" + format.format(end);
  }

  var times = document.querySelectorAll("time[data-end]");
  for (var i = 0; i < times.length; i++) {
    var time = times[i];
    var written = time.getAttribute("datetime");
    var start = new Date(written), end = new Date(time.getAttribute("data-end"));
    var offset = offsetOf(written);
    if (isNaN(start.getTime()) || isNaN(end.getTime()) || offset === null || -start.getTimezoneOffset() === offset) { continue; }
    // Another day where the visitor is: its weekday is said too.
    var sameDay = start.getFullYear() + "-" + ("0" + (start.getMonth() + 1)).slice(-2) + "-" + ("0" + start.getDate()).slice(-2) === written.slice(0, 10);
    var mark = document.createElement("span");
    mark.className = "local-time";
    mark.textContent = " (" + label.replace("%(time)s", range(sameDay ? hours : withDay, start, end)) + ")";
    time.parentNode.insertBefore(mark, time.nextSibling);
  }
}());
