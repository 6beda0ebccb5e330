// sop serve only: shows the data set's problems, and the drafts the preview hides, over every
// page. sop/site/preview.py writes them into _sop/status.json on every save; this script reads
// it when the page loads and every 1.5 s after (an engine may reload only the pages it rebuilt).
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.getAttribute("data-status");
  if (!url) return;
  var shown = null;
  var box = null;

  function render(s) {
    if (box) { box.remove(); box = null; }
    var problems = s.problems;
    var drafts = s.drafts || [];
    if (!problems && !drafts.length) return;
    box = document.createElement("section");
    box.className = "sop-serve " + (problems ? "sop-serve--problems" : "sop-serve--drafts");
    box.setAttribute("role", problems ? "alert" : "status");
    box.style.cssText = "position:fixed;z-index:10;inset:auto 0 0 0;max-height:60vh;overflow:auto;" +
      "margin:0;padding:.8rem 1.2rem;font-size:.8rem;color:#1a1a1a;border-top:4px solid;" +
      "background:" + (problems ? "#fdecea;border-color:#b3261e" : "#fff8e1;border-color:#8a6d00");
    if (problems) {
      var h = document.createElement("h2");
      h.textContent = "Data SOP bermasalah: halaman ini belum diperbarui";
      var pre = document.createElement("pre");
      pre.textContent = problems;
      // Each problem is one long line (file, line, key, what is expected, "maksud Anda …?"):
      // wrapped, so its end is read on a phone too, not cut off at the screen's edge.
      pre.style.cssText = "white-space:pre-wrap;overflow-wrap:anywhere;margin:.4rem 0";
      var p = document.createElement("p");
      p.textContent = "Perbaiki lalu simpan berkasnya: halaman diperbarui sendiri.";
      box.append(h, pre, p);
    } else {
      var t = document.createElement("p");
      t.textContent = drafts.length + " SOP masih draf dan tidak ditampilkan (" +
        drafts.join("; ") + "). Untuk melihatnya: sop serve --drafts";
      box.append(t);
    }
    document.body.prepend(box);
  }

  function check() {
    fetch(url, { cache: "no-store" }).then(function (r) { return r.text(); }).then(function (text) {
      if (text !== shown) {
        var first = shown === null;
        shown = text;
        var status = JSON.parse(text);
        if (!first && !status.problems) { location.reload(); return; }  // fixed: fresh page
        render(status);
      }
    }).catch(function () { /* the server restarts: try again */ });
  }
  check();
  setInterval(check, 1500);
})();
