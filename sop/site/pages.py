"""Every generated page of the site (URL + Markdown) and the navigation tree, from a data set.

Independent of MkDocs: the hooks module hands these pages to MkDocs as generated files.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import jinja2
import yaml

from sop.dataset import DataSet
from sop.model import Sop
from sop.site import parts, urls
from sop.site.indexes import Indexes, build_indexes, last_change, newest
from sop.site.render import environment
from sop.site.timing import summarize


@dataclass(frozen=True)
class Options:
    """Choices that change page content but not the data."""

    pdf_links: bool = True  # the PDFs will be built next to the pages


@dataclass(frozen=True)
class Page:
    """A generated page: where it lives and its Markdown source (front matter included)."""

    url: str
    markdown: str

    @property
    def src_uri(self) -> str:
        return urls.src_uri(self.url)


class SiteRenderer:
    """Renders the pages of one data set; indexes are computed once."""

    def __init__(self, data: DataSet, options: Options | None = None) -> None:
        self.data = data
        self.options = options or Options()
        self.ix: Indexes = build_indexes(data)
        self.env: jinja2.Environment = environment()

    # ------------------------------------------------------------------ page assembly

    def page(self, url: str, template: str, meta: dict[str, Any], **context: Any) -> Page:
        """Render one template into a Markdown page with front matter."""
        body = self.env.get_template(template).render(
            page_url=url, data=self.data, ix=self.ix, options=self.options,
            inst=self.data.institution, **context)
        front = {"render_macros": False, **meta}
        return Page(url, f"---\n{yaml.safe_dump(front, allow_unicode=True)}---\n\n{body}")

    def pages(self) -> Iterator[Page]:
        """Every generated page."""
        yield self.home()
        yield self.catalogue()
        yield self.units_index()
        for unit, sops in self.ix.by_unit:
            yield self.page(urls.unit(unit.id), "unit.md.j2", {"hide": ["toc"]},
                            unit=unit, sops=sops)
        yield self.page(urls.DECREES, "decrees.md.j2", {"hide": ["toc"]})
        for decree in self.data.decrees.values():
            yield self.page(urls.decree(decree.id), "decree.md.j2",
                            {"description": _meta(f"{decree.jenis} Nomor {decree.nomor} Tahun "
                                                  f"{decree.tahun} tentang {decree.tentang}")},
                            decree=decree)
        for sop in self.data.sops.values():
            yield self.sop_page(sop)
        yield self.page(urls.PERSYARATAN, "persyaratan.md.j2", {})
        yield self.page(urls.PELAKSANA, "pelaksana.md.j2", {})
        yield self.page(urls.DASAR_HUKUM, "dasar_hukum.md.j2", {})

    def home(self) -> Page:
        return self.page(urls.HOME, "home.md.j2", {"hide": ["toc", "navigation"]},
                         newest=newest(self.data), last_change=last_change)

    def catalogue(self) -> Page:
        return self.page(urls.KATALOG, "katalog.md.j2", {"hide": ["toc"]})

    def units_index(self) -> Page:
        return self.page(urls.UNITS, "units.md.j2", {"hide": ["toc"]})

    def sop_page(self, sop: Sop) -> Page:
        actors = self.data.actors
        diagram = parts.swimlane(sop, actors)
        meta = {"mermaid": True, "sop": sop.id,
                "description": _meta(f"SOP {sop.nomor}: {sop.judul}")}
        return self.page(
            urls.sop(sop.id), "sop.md.j2", meta,
            sop=sop,
            unit=self.data.units.get(sop.unit),
            decree=self.data.decrees.get(sop.keputusan or ""),
            lampiran=self.data.lampiran_number(sop),
            summary=summarize(sop),
            actors=[actors[a] for a in sop.pelaksana if a in actors],
            regulations=[self.data.regulations[r] for r in sop.dasar_hukum
                         if r in self.data.regulations],
            related=[self.data.sops[s] for s in sop.keterkaitan.sop if s in self.data.sops],
            referenced_by=self.ix.referenced_by.get(sop.id, []),
            replacement=self.data.sops.get(sop.digantikan_oleh or ""),
            checklist=self.ix.checklists.get(sop.id, []),
            diagram=diagram,
            fence=fence_for(diagram),
            flowchart=parts.flowchart_svgs(sop, actors),
        )

    # ------------------------------------------------------------------ navigation

    def nav(self, extra: list[Any] | None = None) -> list[Any]:
        """The navigation tree (mkdocs.yml `nav` shape): groups only, SOPs under their unit."""
        units = [{_title(u.nama): [urls.src_uri(urls.unit(u.id)),
                                   *[urls.src_uri(urls.sop(s.id)) for s in sops]]}
                 for u, sops in self.ix.by_unit]
        decrees = [urls.src_uri(urls.decree(d)) for d in self.data.decrees]
        return [
            {"Beranda": urls.src_uri(urls.HOME)},
            {"Katalog": urls.src_uri(urls.KATALOG)},
            {"SOP per unit": [urls.src_uri(urls.UNITS), *units]},
            {"Keputusan": [urls.src_uri(urls.DECREES), *decrees]},
            {"Indeks": [{"Persyaratan": urls.src_uri(urls.PERSYARATAN)},
                        {"Pelaksana": urls.src_uri(urls.PELAKSANA)},
                        {"Dasar hukum": urls.src_uri(urls.DASAR_HUKUM)}]},
            *(extra or []),
        ]


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
