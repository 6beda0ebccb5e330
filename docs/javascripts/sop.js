/* SOP site: requirement checklists kept in localStorage, printable; catalogue filter;
   fingerprint look-up on the Verifikasi page.
   No library; runs on every page and does nothing where its elements are absent. */
(function () {
  "use strict";

  var PREFIX = "sop-checklist:";

  function storage() {
    try {
      var probe = PREFIX + "probe";
      window.localStorage.setItem(probe, "1");
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (e) {
      return null; /* private mode or disabled: ticks last until the page is left */
    }
  }

  function setupChecklist(box) {
    var store = storage();
    var sop = box.getAttribute("data-sop");
    var boxes = box.querySelectorAll("input[type=checkbox][data-item]");
    var count = box.querySelector(".sop-checklist__count");
    function key(input) { return PREFIX + sop + ":" + input.getAttribute("data-item"); }
    function update() {
      var done = 0;
      boxes.forEach(function (input) { if (input.checked) done += 1; });
      if (count) count.textContent = done + " dari " + boxes.length + " berkas siap";
    }
    boxes.forEach(function (input) {
      input.checked = !!(store && store.getItem(key(input)) === "1");
      input.addEventListener("change", function () {
        if (store) {
          if (input.checked) store.setItem(key(input), "1");
          else store.removeItem(key(input));
        }
        update();
      });
    });
    var reset = box.querySelector(".sop-checklist__reset");
    if (reset) reset.addEventListener("click", function () {
      boxes.forEach(function (input) {
        input.checked = false;
        if (store) store.removeItem(key(input));
      });
      update();
    });
    var print = box.querySelector(".sop-checklist__print");
    if (print) print.addEventListener("click", function () {
      var root = document.documentElement;
      root.classList.add("sop-print-checklist");
      window.addEventListener("afterprint", function done() {
        root.classList.remove("sop-print-checklist");
        window.removeEventListener("afterprint", done);
      });
      window.print();
    });
    update();
  }

  function normalise(text) {
    return (text || "").toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .replace(/\s+/g, " ").trim();
  }

  function setupCatalogue(table) {
    var input = document.getElementById("sop-filter-q");
    var unit = document.getElementById("sop-filter-unit");
    var status = document.getElementById("sop-filter-status");
    var count = document.querySelector(".sop-filter__count");
    var empty = document.querySelector(".sop-filter__empty");
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var texts = rows.map(function (row) { return normalise(row.textContent); });
    function apply() {
      var words = normalise(input.value).split(" ").filter(Boolean);
      var shown = 0;
      rows.forEach(function (row, i) {
        var ok = words.every(function (w) { return texts[i].indexOf(w) !== -1; }) &&
          (!unit.value || row.getAttribute("data-unit") === unit.value) &&
          (!status.value || row.getAttribute("data-status") === status.value);
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      count.textContent = shown + " dari " + rows.length + " SOP";
      empty.hidden = shown !== 0;
    }
    var params = new URLSearchParams(window.location.search);
    if (params.get("cari")) input.value = params.get("cari");
    [input, unit, status].forEach(function (el) {
      el.addEventListener(el.tagName === "SELECT" ? "change" : "input", apply);
    });
    apply();
  }

  /* Say so when a diagram is wider than its column (it scrolls sideways). */
  function setupScrollHint(box) {
    var hint = box.previousElementSibling;
    if (!hint || !hint.classList.contains("sop-scroll-hint")) return;
    function check() { hint.hidden = box.scrollWidth <= box.clientWidth + 2; }
    if (window.ResizeObserver) new ResizeObserver(check).observe(box);
    new MutationObserver(check).observe(box, { childList: true, subtree: true });
    check();
  }

  /* A table or flowchart box wider than its column scrolls sideways: the keyboard must reach it
     (focusable, with a name), so it gets tabindex 0 and a label while it scrolls. */
  function setupScrollBox(box) {
    var label = box.classList.contains("sop-flowchart__scroll") ? "Bagan alir" : "Tabel";
    function check() {
      if (box.scrollWidth > box.clientWidth + 2) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("data-sop-scroll", "");
        if (!box.hasAttribute("aria-label")) {
          var caption = box.querySelector("caption");
          box.setAttribute("aria-label", caption ? caption.textContent.trim() : label);
        }
      } else if (box.hasAttribute("data-sop-scroll")) {
        ["tabindex", "role", "data-sop-scroll", "aria-label"].forEach(function (a) {
          box.removeAttribute(a);
        });
      }
    }
    if (window.ResizeObserver) new ResizeObserver(check).observe(box);
    check();
  }

  /* Verifikasi page: look a typed fingerprint up in the register generated at build time. */
  function canonicalFingerprint(text) {
    var hex = (text || "").toUpperCase().replace(/[^0-9A-F]/g, "");
    return hex.length === 12 ? hex.replace(/(.{4})(?=.)/g, "$1-") : null;
  }

  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  function showVerification(out, root, code, entry) {
    out.textContent = "";
    out.className = "sop-verify-result";
    if (!code) {
      out.classList.add("sop-verify-result--none");
      out.appendChild(el("p", "Sidik jari terdiri atas 12 huruf/angka (0-9, A-F), " +
        "misalnya 3F9A-C21B-7E04."));
      return;
    }
    if (!entry) {
      out.classList.add("sop-verify-result--none");
      out.appendChild(el("p", "Sidik jari " + code + " tidak dikenal.", { "class": "sop-verify-result__title" }));
      out.appendChild(el("p", "Salinan ini tidak berasal dari versi SOP yang diterbitkan di situs " +
        "ini. Jangan gunakan; periksa kembali ketikan Anda."));
      return;
    }
    out.classList.add(entry.berlaku ? "sop-verify-result--ok" : "sop-verify-result--lama");
    var title = el("p", null, { "class": "sop-verify-result__title" });
    title.appendChild(el("strong", entry.berlaku ? "Berlaku" : entry.keadaan));
    title.appendChild(document.createTextNode(": " + entry.judul + ", versi " + entry.versi));
    out.appendChild(title);
    out.appendChild(el("p", "Nomor SOP " + entry.nomor + " · sidik jari " + code));
    var links = el("p");
    links.appendChild(el("a", "Buka halaman versi " + entry.versi, { href: root + entry.url }));
    if (entry.versi !== entry.berlaku_versi) {
      links.appendChild(document.createTextNode(" · "));
      links.appendChild(el("a", "versi terbaru (versi " + entry.berlaku_versi + ")",
        { href: root + entry.berlaku_url }));
    }
    out.appendChild(links);
  }

  function setupVerification(box) {
    var form = box.querySelector("form");
    var input = box.querySelector("input");
    var out = box.querySelector(".sop-verify-result");
    var root = box.getAttribute("data-root");
    var register = null;
    function load() {
      if (!register) {
        register = fetch(box.getAttribute("data-register"), { cache: "no-cache" })
          .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); });
      }
      return register;
    }
    function check() {
      var code = canonicalFingerprint(input.value);
      if (code) input.value = code;
      if (!code) { showVerification(out, root, null, null); return; }
      load().then(function (entries) {
        showVerification(out, root, code, Object.prototype.hasOwnProperty.call(entries, code)
          ? entries[code] : null);
      }).catch(function () {
        register = null;
        out.className = "sop-verify-result sop-verify-result--none";
        out.textContent = "Daftar sidik jari tidak dapat dimuat; coba lagi.";
      });
    }
    form.addEventListener("submit", function (event) { event.preventDefault(); check(); });
    var given = new URLSearchParams(window.location.search).get("sidik");
    if (given) { input.value = given; check(); }
  }

  function init() {
    document.querySelectorAll(".sop-diagram").forEach(setupScrollHint);
    document.querySelectorAll(".sop-table-wrap, .sop-flowchart__scroll").forEach(setupScrollBox);
    document.querySelectorAll(".sop-checklist[data-sop]").forEach(setupChecklist);
    var catalogue = document.querySelector("table.sop-catalogue");
    if (catalogue) setupCatalogue(catalogue);
    document.querySelectorAll(".sop-verify-form[data-register]").forEach(setupVerification);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
