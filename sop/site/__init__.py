"""The website stage: turn a validated data set into MkDocs pages (core), plus thin MkDocs hooks.

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
    session.py   per-build state: data folder, the data set loaded once, PDF switch
    build.py     `sop build` / `sop serve`: run MkDocs with a data folder
    hooks.py     the MkDocs hooks module named in mkdocs.yml (coordinates only)
"""
