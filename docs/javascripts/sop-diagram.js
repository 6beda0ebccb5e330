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

  /* A lane is as wide as its steps, but Mermaid sets its title before it knows that width: a
     title wider than its lane would run under the next lane's title. Such a title is set into
     the lane's width, wrapped at spaces and, in its long words, between syllables (the page's
     data-hyphens, from sop/mermaid.py: the title with soft hyphens), stepped down in size
     until its longest piece fits: whole words down to 11 px, then syllables, down to 9 px at
     least; the title bands of all lanes then grow upwards to hold the tallest title. */
  var SMALLER = 11, SMALLEST = 9; /* px: a title steps down to 11 px whole, to 9 px hyphenated */
  var canvas = document.createElement("canvas").getContext("2d");
  function widestPiece(text, font) {
    canvas.font = font;
    return Math.max.apply(null, text.split(/\s+/).map(function (word) {
      var pieces = word.split("\u00ad");
      return Math.max.apply(null, pieces.map(function (piece, i) {
        return canvas.measureText(i < pieces.length - 1 ? piece + "-" : piece).width;
      }));
    }));
  }
  /* The part of each lane's title band no other band covers (Mermaid may let two lanes
     overlap by a few pixels), as [left, right] in the diagram's units. */
  function visibleBands(lanes) {
    var bands = lanes.map(function (lane) {
      var r = lane.querySelector("rect.swimlane-title");
      return r ? [r.x.baseVal.value, r.x.baseVal.value + r.width.baseVal.value] : null;
    });
    return bands.map(function (own) {
      if (!own) return null;
      var left = own[0], right = own[1];
      bands.forEach(function (other) {
        if (!other || other === own) return;
        if (other[0] < own[0] && other[1] > left) left = Math.min(other[1], right);
        if (other[1] > own[1] && other[0] < right) right = Math.max(other[0], left);
      });
      return [left, right];
    });
  }
  function fitTitle(lane, seen, hyphens) {
    var band = lane.querySelector("rect.swimlane-title");
    var label = lane.querySelector(".swimlane-label");
    var box = label && label.querySelector("foreignObject");
    var text = box && box.querySelector("div");
    if (!band || !text || !seen) return 0;
    var room = seen[1] - seen[0] - 6;
    var at = /translate\(([-\d.e]+)/.exec(label.getAttribute("transform"));
    var left = at ? parseFloat(at[1]) : seen[0];
    if (text.scrollWidth <= room && left >= seen[0] && left + text.scrollWidth <= seen[1]) return 0;
    var words = text.querySelector("p") || text;
    var style = getComputedStyle(text);
    var base = parseFloat(style.fontSize), size = base;
    var font = function (px) { return style.fontWeight + " " + px + "px " + style.fontFamily; };
    var fits = function () { return widestPiece(words.textContent, font(size)) <= room; };
    while (size > SMALLER && !fits()) size -= 0.5;  /* whole words first, a little smaller */
    if (!fits() && hyphens[words.textContent]) {  /* then between syllables */
      words.textContent = hyphens[words.textContent];
      size = base;
    }
    while (size > SMALLEST && !fits()) size -= 0.5;
    text.style.cssText += ";white-space:normal;display:block;width:" + room + "px;max-width:" +
        room + "px;font-size:" + size + "px";
    text.setAttribute("data-fitted", "");
    box.setAttribute("width", room);
    box.setAttribute("height", text.scrollHeight);
    label.setAttribute("transform", "translate(" + (seen[0] + 3) + ", " +
        band.y.baseVal.value + ")");
    return text.scrollHeight - band.height.baseVal.value;
  }
  function fitLaneTitles(svg, hyphens) {
    var lanes = [].slice.call(svg.querySelectorAll("g.swimlane"));
    var seen = visibleBands(lanes);
    var extra = Math.max.apply(null, [0].concat(lanes.map(function (lane, i) {
      return fitTitle(lane, seen[i], hyphens);
    })));
    if (extra <= 0) return;
    lanes.forEach(function (lane) {
      var band = lane.querySelector("rect.swimlane-title");
      var label = lane.querySelector(".swimlane-label");
      band.y.baseVal.value -= extra;
      band.height.baseVal.value += extra;
      var at = /translate\(([-\d.e]+),\s*([-\d.e]+)\)/.exec(label.getAttribute("transform"));
      if (at) label.setAttribute("transform", "translate(" + at[1] + ", " + (at[2] - extra) + ")");
    });
    var view = svg.viewBox.baseVal;
    svg.setAttribute("viewBox", [view.x, view.y - extra, view.width, view.height + extra].join(" "));
    var height = parseFloat(svg.getAttribute("height"));
    if (height) svg.setAttribute("height", height + extra);
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
      var svg = box.querySelector("svg");
      var holder = box.closest("[data-hyphens]");
      var hyphens = {};
      try { hyphens = JSON.parse(holder ? holder.getAttribute("data-hyphens") : "{}"); } catch (e) {}
      if (svg) fitLaneTitles(svg, hyphens);
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
