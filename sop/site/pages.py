"""Every generated page of the site (URL + Markdown) and the navigation tree, from a data set.

Independent of MkDocs: the hooks module hands these pages to MkDocs as generated files.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import jinja2
import yaml

from sop import sections, text
from sop.clock import build_date
from sop.dataset import DataSet
from sop.flowchart.table import table_format
from sop.model import SectionKind, Sop, Status
from sop.revisions import DUE_WINDOW_DAYS, due, published, review_date
from sop.site import parts, redline, urls
from sop.site.history import Version, changelog, fingerprints, history, history_rows
from sop.site.indexes import Indexes, build_indexes, last_change, newest
from sop.site.memo import DrawingStore
from sop.site.render import environment, expand_islands
from sop.site.timing import flow_parts, spans, summarize

FEED_SIZE = 50
#: Drawings by SOP version: (the version, what else they depend on, swimlanes, flowchart SVGs),
#: a swimlane and an SVG per sub-procedure.
Drawings = dict[int, tuple[Sop, Any, list[str], list[str]]]


@dataclass(frozen=True)
class Options:
    """Choices that change page content but not the data."""

    pdf_links: bool = True  # the PDFs will be built next to the pages
    drafts: bool = False  # a preview build: draft versions are shown (marked) as in force
    today: dt.date | None = None  # the build date, for review dates (default: sop.clock.build_date)


@dataclass(frozen=True)
class Page:
    """A generated page: where it lives, its Markdown source (front matter included) with
    placeholders for its HTML islands, and those islands (see sop.site.render.island)."""

    url: str
    source: str
    islands: tuple[str, ...] = ()

    @property
    def src_uri(self) -> str:
        return urls.src_uri(self.url)

    @property
    def markdown(self) -> str:
        """The whole page as plain Markdown, islands in place."""
        return expand_islands(self.source, self.islands)


class SiteRenderer:
    """Renders the pages of one data set; indexes are computed once."""

    def __init__(self, data: DataSet, options: Options | None = None,
                 drawings: Drawings | None = None, store: DrawingStore | None = None) -> None:
        self.options = options or Options()
        self.data = published(data, self.options.drafts)  # no draft text past this line
        self.today = self.options.today or build_date()
        self.ix: Indexes = build_indexes(self.data)
        self.env: jinja2.Environment = environment()
        # The page in force and its /vN/ page show the same drawings: draw each version once.
        # `sop serve` keeps them between reloads (the data set's loader keeps unchanged SOPs).
        self._drawings: Drawings = drawings if drawings is not None else {}
        self.store = store  # drawings kept on disk between builds (sop.site.memo)

    # ------------------------------------------------------------------ page assembly

    def page(self, url: str, template: str, meta: dict[str, Any], **context: Any) -> Page:
        """Render one template into a Markdown page with front matter."""
        islands: list[str] = []
        body = self.env.get_template(template).render(
            page_url=url, data=self.data, ix=self.ix, options=self.options,
            inst=self.data.institution, islands=islands, **context)
        front = {"render_macros": False, **meta}
        source = f"---\n{yaml.safe_dump(front, allow_unicode=True)}---\n\n{body}"
        return Page(url, source, tuple(islands))

    def pages(self) -> Iterator[Page]:
        """Every generated page."""
        yield self.home()
        yield self.catalogue()
        yield self.units_index()
        for unit, sops in self.ix.by_unit:
            yield self.page(urls.unit(unit.id), "unit.md.j2",
                            {"hide": ["toc"], **_search("Unit", unit.nama)}, unit=unit, sops=sops)
        yield self.page(urls.DECREES, "decrees.md.j2", {"hide": ["toc"]})
        for decree in self.data.decrees.values():
            yield self.page(urls.decree(decree.id), "decree.md.j2",
                            {"description": _meta(f"{decree.jenis} Nomor {decree.nomor} Tahun "
                                                  f"{decree.tahun} tentang {decree.tentang}"),
                             **_search("Keputusan")},
                            decree=decree)
        for sop in self.data.sops.values():
            yield self.sop_page(sop)
            chain = history(self.data, sop.id)
            for version in chain:
                yield self.version_page(version, chain)
                if version.previous:
                    yield self.redline_page(version, chain)
        yield self.page(urls.PERSYARATAN, "persyaratan.md.j2", _search("Indeks"))
        yield self.page(urls.PELAKSANA, "pelaksana.md.j2", _search("Indeks"))
        yield self.page(urls.DASAR_HUKUM, "dasar_hukum.md.j2", _search("Indeks"))
        yield self.page(urls.PERUBAHAN, "perubahan.md.j2", {"hide": ["toc"]},
                        entries=changelog(self.data))
        yield self.page(urls.TINJAU, "tinjau.md.j2", {"hide": ["toc"]},
                        due=due(self.data, self.today), window=DUE_WINDOW_DAYS, today=self.today)
        yield self.page(urls.VERIFIKASI, "verifikasi.md.j2", _search("Layanan"))

    def home(self) -> Page:
        return self.page(urls.HOME, "home.md.j2", {"hide": ["toc", "navigation"]},
                         newest=newest(self.data), last_change=last_change)

    def catalogue(self) -> Page:
        return self.page(urls.KATALOG, "katalog.md.j2", {"hide": ["toc"]})

    def units_index(self) -> Page:
        return self.page(urls.UNITS, "units.md.j2", {"hide": ["toc"]})

    def sop_page(self, sop: Sop) -> Page:
        """The SOP's main page: always the version in force."""
        chain = history(self.data, sop.id)
        unit = self.data.units.get(sop.unit)
        return self._sop(urls.sop(sop.id), chain[-1], chain,
                         _search("SOP", unit.nama if unit else sop.unit))

    def version_page(self, version: Version, chain: list[Version]) -> Page:
        """The stable page of one version, kept (marked) after newer versions are published."""
        return self._sop(version.url, version, chain,
                         {"search": {"exclude": True}, "hide": ["navigation"]})

    def redline_page(self, version: Version, chain: list[Version]) -> Page:
        """What changed in `version` against the version before it, field by field."""
        old = next(v for v in chain if v.number == version.previous)
        meta = {"search": {"exclude": True}, "hide": ["navigation", "toc"], "sop": version.sop.id,
                "sop_draft": version.sop.status is Status.DRAFT}
        return self.page(
            urls.sop_redline(version.sop.id, version.number), "redline.md.j2", meta,
            sop=version.sop, version=version, old=old, current=chain[-1],
            groups=redline.grouped(redline.rows(self.data, old.sop, version.sop)))

    def _sop(self, url: str, version: Version, chain: list[Version],
             meta: dict[str, Any]) -> Page:
        sop = version.sop
        actors = self.data.actors
        diagrams, flowchart = self._draw(sop)
        review = review_date(sop)
        meta = {"mermaid": True, "sop": sop.id, "sop_draft": sop.status is Status.DRAFT,
                "hide": ["toc"],
                "description": _meta(f"SOP {text.isian(sop.nomor)}: {sop.judul}"), **meta}
        return self.page(
            url, "sop.md.j2", meta,
            sop=sop,
            version=version,
            current=chain[-1],
            main_page=url == urls.sop(sop.id),
            history=history_rows(self.data, sop.id),
            overdue=review if (version.in_force and review and review < self.today
                               and sop.status is Status.BERLAKU) else None,
            unit=self.data.units.get(sop.unit),
            unit_parents=self.data.unit_chain(sop.unit)[:-1],
            sections=sections.parts(sop),
            K=SectionKind,
            decree=self.data.decrees.get(sop.keputusan or ""),
            lampiran=self.data.lampiran_number(sop),
            summary=summarize(sop),
            spans=spans(sop),
            columns=self._column_titles(sop),
            flows=flow_parts(sop, diagrams, flowchart),
            actors=[actors[a] for a in sop.pelaksana if a in actors],
            regulations=[self.data.regulations[r] for r in sop.dasar_hukum
                         if r in self.data.regulations],
            related=[self.data.sops[s] for s in sop.keterkaitan.sop if s in self.data.sops],
            referenced_by=self.ix.referenced_by.get(sop.id, []),
            replacement=self.data.sops.get(sop.digantikan_oleh or ""),
            # Ticking off documents is for the version in force; older pages list them plainly.
            checklist=self.ix.checklists.get(sop.id, []) if version.in_force else [],
            fence=fence_for("".join(diagrams)),
        )

    def _column_titles(self, sop: Sop) -> dict[str, str]:
        """The mutu baku titles as the institution names them ('Dokumen' for kelengkapan)."""
        named = dict(table_format(sop, self.data.institution.tabel).text)
        return {key: _as_written(named.get(key, key)) for key in ("kelengkapan", "output", "keterangan")}

    def _draw(self, sop: Sop) -> tuple[list[str], list[str]]:
        """The swimlane source and flowchart SVGs of one version (memoised per version)."""
        actors = self.data.actors
        fmt = table_format(sop, self.data.institution.tabel)
        key = (id(sop), tuple(id(actors.get(a)) for a in sop.pelaksana), repr(fmt))
        drawn = self._drawings.get(id(sop))
        if drawn is None or drawn[0] is not sop or drawn[1] != key:
            stored = self.store.key(sop, actors, fmt) if self.store else ""
            found = self.store.get(stored) if self.store else None
            if found is None:
                found = parts.swimlanes(sop, actors), parts.flowchart_svgs(sop, actors, fmt)
                if self.store:
                    self.store.put(stored, *found)
            drawn = (sop, key, *found)
            self._drawings[id(sop)] = drawn
        return drawn[2], drawn[3]

    # ------------------------------------------------------------------ files that are not pages

    def feed(self, site_url: str) -> str:
        """The Atom feed of the changelog, with absolute links under `site_url`."""
        base = site_url.rstrip("/") + "/"
        entries = changelog(self.data, FEED_SIZE)
        updated = max((v.date for v in entries if v.date), default=self.today)
        return self.env.get_template("feed.xml.j2").render(
            base=base, entries=entries, updated=updated, inst=self.data.institution,
            urls=urls)

    def fingerprint_register(self) -> str:
        """The JSON file the Verifikasi page searches: fingerprint -> version, state and URL.

        Markup characters are written as JSON escapes, so the file never carries data as HTML.
        """
        text = json.dumps(fingerprints(self.data), ensure_ascii=False, indent=1, sort_keys=True)
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")

    # ------------------------------------------------------------------ navigation

    def nav(self, extra: list[Any] | None = None) -> list[Any]:
        """The navigation tree (mkdocs.yml `nav` shape): groups only, SOPs under their unit."""
        # Every entry has its title: an engine's dirty rebuild does not read unchanged pages.
        units = [{_title(u.nama): [{_title(u.nama): urls.src_uri(urls.unit(u.id))},
                                   *[{_title(s.judul): urls.src_uri(urls.sop(s.id))}
                                     for s in sops]]}
                 for u, sops in self.ix.by_unit]
        decrees = [{_title(f"{d.jenis} Nomor {d.nomor} Tahun {d.tahun}"):
                    urls.src_uri(urls.decree(d.id))} for d in self.data.decrees.values()]
        return [
            {"Beranda": urls.src_uri(urls.HOME)},
            {"Katalog": urls.src_uri(urls.KATALOG)},
            {"SOP per unit": [{"SOP per unit": urls.src_uri(urls.UNITS)}, *units]},
            {"Keputusan": [{"Keputusan": urls.src_uri(urls.DECREES)}, *decrees]},
            {"Indeks": [{"Persyaratan": urls.src_uri(urls.PERSYARATAN)},
                        {"Pelaksana": urls.src_uri(urls.PELAKSANA)},
                        {"Dasar hukum": urls.src_uri(urls.DASAR_HUKUM)}]},
            {"Versi": [{"Perubahan terbaru": urls.src_uri(urls.PERUBAHAN)},
                       {"Perlu ditinjau": urls.src_uri(urls.TINJAU)},
                       {"Verifikasi dokumen": urls.src_uri(urls.VERIFIKASI)}]},
            *(extra or []),
        ]


def _search(kind: str, unit: str | None = None) -> dict[str, Any]:
    """Front matter that puts a page in the site search (sop.search), as `kind` of page and,
    for the unit filter, in `unit`. Pages without it (lists of other pages, old versions, the
    Panduan) stay out of the public results."""
    return {"cari": {"jenis": kind, **({"unit": unit} if unit else {})}}


def fence_for(source: str) -> str:
    """A backtick fence longer than any backtick run inside the source."""
    longest = max((len(run) for run in re.findall(r"`+", source)), default=0)
    return "`" * max(3, longest + 1)


def _title(value: str) -> str:
    """A navigation title: MkDocs themes print it unescaped, so escape it here."""
    return html.escape(" ".join(value.split()), quote=True)


def _meta(value: str) -> str:
    """A front matter value that Material prints unescaped inside an attribute."""
    return html.escape(" ".join(value.split()), quote=True)


def _as_written(title: str) -> str:
    """A column title as a reader's label: one the table prints in capitals ('KELENGKAPAN')
    in sentence case, one the institution wrote ('Dokumen SPMI') as written."""
    return title.capitalize() if title.isupper() else title
