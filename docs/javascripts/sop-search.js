/* SOP site search: Pagefind's index (pagefind/, written by sop/search.py) in a dialog.
   Pagefind stems Indonesian words itself (mengajukan, pengajuan, ajukan); this script adds what
   it lacks: the synonym groups of the data set (pagefind/sop-sinonim.json), searched as
   variants of the query and merged, and a fallback for a typo (shorter word prefixes when
   nothing is found). Nothing loads until the reader opens the search.
   window.sopSearch.search(query, filters) is the same ranking without the dialog (tests). */
(function () {
  "use strict";

  var MAX_VARIANTS = 8;
  var SHOWN = 10;
  var engine = null; /* Promise of {pagefind, groups} */

  function dialogEl() { return document.getElementById("sop-search"); }

  function bundleUrl() {
    var dialog = dialogEl();
    return new URL(dialog ? dialog.getAttribute("data-bundle") : "pagefind/", window.location.href);
  }

  function normalise(text) {
    return (text || "").toLowerCase().replace(/[\u201c\u201d"]/g, " ").replace(/\s+/g, " ").trim();
  }

  function load() {
    if (!engine) {
      var base = bundleUrl();
      var pagefind = import(new URL("pagefind.js", base).href).then(function (pf) {
        return pf.options({
          /* result URLs under the folder the site is served from, not the host's root */
          baseUrl: new URL("../", base).pathname,
          /* a word of the title or the SOP number counts most (Pagefind's default: 5) */
          ranking: { metaWeights: { title: 12, nomor: 12 }, pageLength: 0.5 }
        }).then(function () { return pf.init(); }).then(function () { return pf; });
      });
      var synonyms = fetch(new URL("sop-sinonim.json", base).href)
        .then(function (r) { return r.ok ? r.json() : { sinonim: [] }; })
        .catch(function () { return { sinonim: [] }; });
      var words = fetch(new URL("sop-kata.json", base).href)
        .then(function (r) { return r.ok ? r.json() : []; }).catch(function () { return []; });
      engine = Promise.all([pagefind, synonyms, words]).then(function (all) {
        var groups = all[1].sinonim || [];
        var list = all[2].concat.apply(all[2], groups.map(function (g) { return g.join(" ").split(" "); }));
        var known = {};
        list.forEach(function (w) { known[w] = true; });
        return { pagefind: all[0], groups: groups, words: list, known: known };
      });
      engine.catch(function () { engine = null; });
    }
    return engine;
  }

  /* The query, then the query with each synonym in place of a term of its group. */
  function variants(query, groups) {
    var padded = " " + query + " ";
    var out = [query];
    groups.forEach(function (group) {
      group.forEach(function (term) {
        if (padded.indexOf(" " + term + " ") === -1) return;
        group.forEach(function (other) {
          if (other === term) return;
          var v = padded.split(" " + term + " ").join(" " + other + " ").trim();
          if (out.indexOf(v) === -1) out.push(v);
        });
      });
    });
    return out.slice(0, MAX_VARIANTS);
  }

  /* Edit distance (with transpositions), or limit + 1 once it exceeds limit. */
  function distance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    var prev2 = null, prev = [], cur, i, j;
    for (j = 0; j <= b.length; j += 1) prev.push(j);
    for (i = 1; i <= a.length; i += 1) {
      cur = [i];
      var best = i;
      for (j = 1; j <= b.length; j += 1) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          d = Math.min(d, prev2[j - 2] + 1);
        }
        cur.push(d);
        if (d < best) best = d;
      }
      if (best > limit) return limit + 1;
      prev2 = prev;
      prev = cur;
    }
    return prev[b.length];
  }

  /* A query word typed wrong, replaced by the nearest known word (the most frequent of equally
     near ones: the list comes most frequent first). */
  function corrected(query, e) {
    return query.split(" ").map(function (w) {
      if (w.length < 4 || e.known[w] || /\d/.test(w)) return w;
      var limit = w.length >= 8 ? 2 : 1;
      var best = w, bestD = limit + 1;
      for (var i = 0; i < e.words.length && bestD > 1; i += 1) {
        var d = distance(w, e.words[i], Math.min(limit, bestD - 1));
        if (d < bestD) { bestD = d; best = e.words[i]; }
      }
      return best;
    }).join(" ");
  }

  /* Pagefind also returns pages that match only some of the words, and its scores add up over
     the words a page matches: a page with every word of the query comes first (its score times
     the share of the query's words it has, squared), and the score is taken per word, so that
     a variant with more words does not outscore the query. A variant counts a little less. */
  function runOne(pf, q, filters, factor) {
    var opts = { filters: filters || {} };
    var terms = q.split(" ").filter(function (t, i, all) { return all.indexOf(t) === i; });
    var each = terms.length > 1 ? terms.map(function (t) { return pf.search(t, opts); }) : [];
    return Promise.all([pf.search(q, opts)].concat(each)).then(function (found) {
      var has = {}, asked = 0;
      found.slice(1).forEach(function (f) {
        var results = (f && f.results) || [];
        if (results.length) asked += 1;  /* a word no page has costs no page anything */
        results.forEach(function (r) { has[r.id] = (has[r.id] || 0) + 1; });
      });
      return ((found[0] && found[0].results) || []).map(function (r) {
        var share = terms.length > 1 && asked ? Math.min(1, (has[r.id] || 0) / asked) : 1;
        return { result: r, share: share, score: r.score * factor * share * share / terms.length };
      });
    });
  }

  /* The query, then its variants: these count less (0.9), and much less (0.5) when some page
     has every word of the query as typed, so that a rare synonym does not push it down. */
  function runAll(pf, queries, filters, weight) {
    return Promise.all(queries.map(function (q, i) {
      return runOne(pf, q, filters, i === 0 ? weight : weight * 0.9);
    })).then(function (sets) {
      var whole = sets[0].some(function (h) { return h.share === 1; });
      if (whole) {
        sets.slice(1).forEach(function (hits) {
          hits.forEach(function (h) { h.score *= 0.5 / 0.9; });
        });
      }
      return sets;
    });
  }

  function merge(sets) {
    var best = {};
    sets.forEach(function (hits) {
      hits.forEach(function (h) {
        if (!best[h.result.id] || best[h.result.id].score < h.score) best[h.result.id] = h;
      });
    });
    return Object.keys(best).map(function (k) { return best[k]; })
      .sort(function (a, b) { return b.score - a.score; });
  }

  /* Ranked hits of one query: [{score, result}] (result is Pagefind's, with .data()). */
  function rank(query, filters) {
    var q = normalise(query);
    if (!q) return Promise.resolve([]);
    return load().then(function (e) {
      var fixed = corrected(q, e);
      var asked = runAll(e.pagefind, variants(q, e.groups), filters, 1);
      var other = fixed === q ? Promise.resolve([])
        : runAll(e.pagefind, variants(fixed, e.groups), filters, 0.9);
      return Promise.all([asked, other]).then(function (both) {
        var hits = merge(both[0].concat(both[1]));
        /* say so only where the words as typed found no page with all of them */
        var whole = both[0][0].some(function (h) { return h.share === 1; });
        if (fixed !== q && !whole) hits.correction = fixed;
        return hits;
      });
    });
  }

  /* For tests and scripts: [{url, title, score}] of the first `limit` hits. */
  function search(query, filters, limit) {
    return rank(query, filters).then(function (hits) {
      return Promise.all(hits.slice(0, limit || SHOWN).map(function (h) {
        return h.result.data().then(function (d) {
          return { url: d.url, title: (d.meta && d.meta.title) || d.url, score: h.score };
        });
      }));
    });
  }

  /* ------------------------------------------------------------------ the dialog */

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  }

  /* Pagefind's excerpt is the page's text, escaped, with <mark> around the matches. */
  function excerpt(html) {
    var p = el("p", "sop-search__excerpt");
    html.split(/(<mark>.*?<\/mark>)/).forEach(function (part) {
      var m = /^<mark>(.*)<\/mark>$/.exec(part);
      var node = m ? el("mark", null, decode(m[1])) : document.createTextNode(decode(part));
      p.appendChild(node);
    });
    return p;
  }

  function decode(text) {
    var t = document.createElement("textarea");
    t.innerHTML = text;
    return t.value;
  }

  function renderHit(data) {
    var li = el("li", "sop-search__hit");
    var a = el("a", "sop-search__link");
    a.href = data.url;
    a.appendChild(el("span", "sop-search__hit-title", (data.meta && data.meta.title) || data.url));
    var info = [];
    if (data.filters && data.filters.jenis) info.push(data.filters.jenis[0]);
    if (data.meta && data.meta.nomor) info.push(data.meta.nomor);
    if (data.filters && data.filters.unit) info.push(data.filters.unit[0]);
    if (info.length) a.appendChild(el("span", "sop-search__hit-info", info.join(" · ")));
    li.appendChild(a);
    if (data.excerpt) li.appendChild(excerpt(data.excerpt));
    return li;
  }

  function setupDialog(dialog) {
    var input = dialog.querySelector(".sop-search__input");
    var list = dialog.querySelector(".sop-search__results");
    var status = dialog.querySelector(".sop-search__status");
    var selects = Array.prototype.slice.call(dialog.querySelectorAll("select[data-filter]"));
    var seq = 0;
    var timer = null;
    var filtersLoaded = false;

    function filters() {
      var f = {};
      selects.forEach(function (s) { if (s.value) f[s.getAttribute("data-filter")] = s.value; });
      return f;
    }

    function fillFilters(pf) {
      if (filtersLoaded) return;
      filtersLoaded = true;
      pf.filters().then(function (all) {
        selects.forEach(function (s) {
          var values = Object.keys(all[s.getAttribute("data-filter")] || {}).sort();
          values.forEach(function (v) { var o = el("option", null, v); o.value = v; s.appendChild(o); });
          s.closest("label").hidden = values.length < 2;
        });
      });
    }

    function show() {
      var mine = ++seq;
      var q = input.value;
      if (!normalise(q)) { list.textContent = ""; status.textContent = ""; return; }
      status.textContent = "Mencari…";
      rank(q, filters()).then(function (hits) {
        return Promise.all(hits.slice(0, SHOWN).map(function (h) { return h.result.data(); }))
          .then(function (datas) {
            if (mine !== seq) return;
            list.textContent = "";
            datas.forEach(function (d) { list.appendChild(renderHit(d)); });
            status.textContent = (hits.length === 0 ? "Tidak ada hasil untuk \u201c" + q + "\u201d."
              : hits.length + " halaman ditemukan" + (hits.length > SHOWN ? ", " + SHOWN + " teratas" : "") +
                (hits.correction ? " untuk \u201c" + hits.correction + "\u201d." : "."));
          });
      }).catch(function () {
        if (mine === seq) status.textContent = "Pencarian tidak dapat dimuat; muat ulang halaman.";
      });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(show, 150);
    });
    selects.forEach(function (s) { s.addEventListener("change", show); });
    dialog.querySelector("form").addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(timer);
      show();
    });
    dialog.querySelector(".sop-search__close").addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("click", function (event) { if (event.target === dialog) dialog.close(); });

    return function open(query) {
      if (!dialog.open) dialog.showModal();
      if (typeof query === "string") input.value = query;
      input.focus();
      load().then(function (e) { fillFilters(e.pagefind); }).catch(function () {});
      if (input.value) show();
    };
  }

  function init() {
    var dialog = dialogEl();
    if (!dialog || dialog.getAttribute("data-ready")) return;
    dialog.setAttribute("data-ready", "1");
    var open = setupDialog(dialog);
    window.sopSearch.open = open;
    document.querySelectorAll(".sop-search-open").forEach(function (b) {
      b.addEventListener("click", function () { open(); });
    });
    /* The home page's search form and shared links (?q=…) open the same search. */
    document.querySelectorAll("form.sop-hero__search").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        open(form.querySelector("input").value);
      });
    });
    document.addEventListener("keydown", function (event) {
      var t = event.target;
      var typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
      if (event.key === "/" && !typing && !dialog.open) { event.preventDefault(); open(); }
    });
    var given = new URLSearchParams(window.location.search).get("q");
    if (given) open(given);
  }

  window.sopSearch = { search: search, variants: variants, load: load };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
