// sop serve only: shows the data set's problems, and the drafts the preview hides, over every
// page (written by sop/site/preview.py into _sop/status.json; the page reloads on each save).
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.getAttribute("data-status");
  if (!url) return;
  fetch(url, { cache: "no-store" }).then(function (r) { return r.json(); }).then(function (s) {
    var box = document.createElement("section");
    box.className = "sop-serve";
    box.style.cssText = "position:fixed;z-index:10;inset:auto 0 0 0;max-height:60vh;overflow:auto;" +
      "margin:0;padding:.8rem 1.2rem;font-size:.8rem;color:#1a1a1a;border-top:4px solid;" +
      "background:" + (s.problems ? "#fdecea;border-color:#b3261e" : "#fff8e1;border-color:#8a6d00");
    box.setAttribute("role", "alert");
    if (s.problems) {
      box.classList.add("sop-serve--problems");
      var h = document.createElement("h2");
      h.textContent = "Data SOP bermasalah: halaman ini belum diperbarui";
      var pre = document.createElement("pre");
      pre.textContent = s.problems;
      var p = document.createElement("p");
      p.textContent = "Perbaiki lalu simpan berkasnya: halaman dimuat ulang sendiri.";
      box.append(h, pre, p);
    } else if (s.drafts && s.drafts.length) {
      box.classList.add("sop-serve--drafts");
      var t = document.createElement("p");
      t.textContent = s.drafts.length + " SOP masih draf dan tidak ditampilkan (" +
        s.drafts.join("; ") + "). Untuk melihatnya: sop serve --drafts";
      box.append(t);
    } else {
      return;
    }
    document.body.prepend(box);
  }).catch(function () { /* no status: nothing to say */ });
})();
