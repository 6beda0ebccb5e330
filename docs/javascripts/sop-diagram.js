/* SOP swimlane diagrams, drawn by the self-hosted, pinned Mermaid only when one is about to be
   shown. Loaded only on pages with a diagram (overrides/main.html); its script tag names
   Mermaid's address in data-mermaid. Each diagram is a <pre class="sop-mermaid"><code> whose
   text is the Mermaid source, escaped in the HTML and read back as text (never as markup).
   Material's own Mermaid support is not used: it renders every diagram at page load and fetches
   Mermaid from a CDN when the page has not loaded it. */
(function () {
  "use strict";

  var script = document.currentScript;
  var MERMAID = script && script.getAttribute("data-mermaid");
  var FONT = '14px "Liberation Sans"'; /* the font sop/mermaid.py names in every diagram */
  /* The site's palette (docs/stylesheets/sop.css); each diagram's own settings come with it. */
  var THEME = {
    primaryColor: "#e9eff6", primaryBorderColor: "#35557d", primaryTextColor: "#1b1f24",
    lineColor: "#4a5563", clusterBkg: "#f4f6f9", clusterBorder: "#b7c0cc",
    titleColor: "#1b1f24", edgeLabelBackground: "#ffffff", tertiaryColor: "#f4f6f9"
  };
  var loading = null;
  var count = 0;

  /* Mermaid, loaded once (a classic script: it defines window.mermaid). */
  function loadMermaid() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = MERMAID;
        tag.onload = function () {
          window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict",
            theme: "base", themeVariables: THEME });
          resolve(window.mermaid);
        };
        tag.onerror = function () { loading = null; reject(new Error("Mermaid tidak termuat")); };
        document.head.appendChild(tag);
      });
    }
    return loading;
  }

  function render(pre) {
    if (pre.getAttribute("data-state")) return;
    pre.setAttribute("data-state", "loading");
    var source = pre.textContent;
    /* Mermaid measures every label with the diagram's font: it must be loaded first. */
    var font = document.fonts && document.fonts.load ? document.fonts.load(FONT) : Promise.resolve();
    Promise.all([loadMermaid(), font.catch(function () {})]).then(function (done) {
      return done[0].render("sop-diagram-" + count++, source);
    }).then(function (result) {
      var box = document.createElement("div");
      box.className = "sop-mermaid sop-mermaid--done";
      box.innerHTML = result.svg; /* sanitised by Mermaid (securityLevel strict) */
      if (result.bindFunctions) result.bindFunctions(box);
      pre.replaceWith(box);
    }).catch(function () {
      pre.setAttribute("data-state", "error");
    });
  }

  function init() {
    var diagrams = document.querySelectorAll("pre.sop-mermaid");
    if (!diagrams.length || !MERMAID) return;
    if (!("IntersectionObserver" in window)) {
      diagrams.forEach(render);
      return;
    }
    /* Start a screen ahead, so that the diagram is usually drawn by the time it is reached. */
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          observer.unobserve(entry.target);
          render(entry.target);
        }
      });
    }, { rootMargin: "100% 0px" });
    diagrams.forEach(function (pre) { observer.observe(pre); });
  }

  /* Printing before a diagram was drawn: it cannot be drawn in time (Mermaid loads and draws
     asynchronously), so the page prints its PermenPAN flowchart instead, opened for the print;
     the diagram is drawn meanwhile, for the next print. */
  window.addEventListener("beforeprint", function () {
    var waiting = document.querySelectorAll("pre.sop-mermaid");
    if (!waiting.length) return;
    document.documentElement.classList.add("sop-print-flowchart");
    document.querySelectorAll("details.sop-flowchart:not([open])").forEach(function (d) {
      d.setAttribute("open", "");
      d.setAttribute("data-sop-print-open", "");
    });
    waiting.forEach(render);
  });
  window.addEventListener("afterprint", function () {
    document.documentElement.classList.remove("sop-print-flowchart");
    document.querySelectorAll("details[data-sop-print-open]").forEach(function (d) {
      d.removeAttribute("open");
      d.removeAttribute("data-sop-print-open");
    });
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
