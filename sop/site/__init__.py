"""The website stage: a validated data set -> the site source (pages, feed, assets) -> an engine.

Layout:
    published.py the data set as the site sees it: drafts removed (unless previewing)
    history.py   versions: their pages and state, revision table, changelog, fingerprints
    redline.py   a redline worded for readers (ids turned into names, changed words marked)
    indexes.py   cross indexes (persyaratan, pelaksana, dasar hukum), backlinks, newest
    timing.py    total standard time of an SOP along its main path
    urls.py      the site's URL scheme and relative links between generated pages
    render.py    Jinja environment (autoescape) and the text filters the templates use
    pages.py     every generated page (path + Markdown) and the navigation tree
    fieldref.py  the field reference of the Panduan, generated from the JSON Schema
    parts.py     the one bridge to the other stages (Mermaid, flowchart, PDF)
    assets.py    self-hosted fonts, mermaid.min.js and the search worker patch
    source.py    the site source: every file of the site written into one folder, incrementally
    rawhtml.py   the Markdown extension that passes generated HTML blocks through whole
    memo.py      drawings kept between builds; the key of a build's inputs
    engines/     one module per site engine (mkdocs.py, zensical.py): its config, build, serve
    session.py   the PDFs of a build: switch, cache, the build under way
    build.py     `sop build`: data -> PDFs started -> site source -> engine -> search -> publish
    preview.py   `sop serve`: the source rewritten on every save, problems shown in the browser
"""
