"""The Jinja environment of the site pages: autoescaped, strict, with the site's text filters.

Templates produce Markdown pages whose body is HTML blocks (Python-Markdown leaves those alone);
the only user text written as Markdown is a heading, escaped by the `md` filter.

Big HTML blocks are wrapped in `{% filter island %}`: the page keeps them apart, and the site source
(sop.site.source) writes each between the markers that sop.site.rawhtml passes through Markdown
whole. Markdown would only copy them through, but it parses every tag of them on the way, and
that was most of the build time of a site with many SOPs.
"""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from sop import mermaid, text
from sop.model import Regulation, Signer, Status
from sop.site import urls

STATUS_LABELS = {
    Status.DRAFT: "Draf",
    Status.BERLAKU: "Berlaku",
    Status.DICABUT: "Dicabut",
    Status.DIGANTIKAN: "Digantikan",
}

# Every ASCII character with a meaning to Markdown, its extensions (attr_list `{}`, emoji `:`)
# or HTML becomes a numeric character reference, which renders as the character itself.
_MD_SPECIAL = re.compile(r"""[\\`*_{}\[\]()#+\-.!|~<>:&"'=^$%@]""")


def md_text(value: object) -> Markup:
    """User text made inert inside a Markdown line (a heading): shown exactly as written."""
    plain = " ".join(str(value).split())
    return Markup(_MD_SPECIAL.sub(lambda m: f"&#{ord(m.group())};", plain))


def safe_href(value: str | None) -> str | None:
    """An external link from the data, only if it is http(s): no javascript: or data: URLs."""
    if value and re.match(r"^https?://[^\s]+$", value.strip(), re.IGNORECASE):
        return value.strip()
    return None


def signer_number(signer: Signer) -> str:
    return text.nomor_pegawai(signer)


def regulation_name(reg: Regulation) -> str:
    return text.nama_peraturan(reg)


@jinja2.pass_context
def link(context: Any, target: str) -> str:
    """A relative link from the page being rendered (its `page_url`) to a site path."""
    return urls.relative(target, context["page_url"])


ISLAND_PREFIX = "<!--sop-island:"
ISLAND = ISLAND_PREFIX + "{}-->"
_ISLAND = re.compile(r"<!--sop-island:(\d+)-->")


@jinja2.pass_context
def island(context: Any, block: str) -> Markup:
    """Keep an HTML block out of Markdown: store it with the page, leave a placeholder."""
    store: list[str] = context["islands"]
    store.append(str(block).strip("\n"))
    return Markup(f"\n{ISLAND.format(len(store) - 1)}\n")  # a block of its own in Markdown


def expand_islands(text: str, islands: tuple[str, ...]) -> str:
    """Put a page's stored HTML blocks back in place of their placeholders."""
    return _ISLAND.sub(lambda m: islands[int(m.group(1))], text) if islands else text


def mark_islands(text: str, islands: tuple[str, ...]) -> str:
    """Put a page's stored HTML blocks back between the raw-HTML markers of sop.site.rawhtml."""
    from sop.site.rawhtml import CLOSE, OPEN

    return _ISLAND.sub(lambda m: f"{OPEN}\n{islands[int(m.group(1))]}\n{CLOSE}",
                       text) if islands else text


TEMPLATE_CACHE = Path(__file__).resolve().parent.parent.parent / ".cache" / "templates"
"""Compiled templates, kept between builds (the site's; MkDocs' theme's: sop.site.engines.mkdocs).
Compiled templates are code: they live in the project's own folder, never in the working folder
or the data folder, where anyone who can write a file there could have it run."""


class _TemplateCache(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache of compiled templates, where a damaged entry is compiled again (Jinja
    would stop at it with an unpickling error)."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - any unreadable entry: compile the template again
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:  # a full disk or a read-only project: a cache, not the build
            pass


def template_cache() -> jinja2.BytecodeCache | None:
    """The cache of compiled templates: compiling Material's templates and ours takes about
    half a second of every build (and of every live reload). An entry is used only for the
    same template source and Jinja version. None (compile every time) where the project's
    folder is read-only."""
    try:
        TEMPLATE_CACHE.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _TemplateCache(str(TEMPLATE_CACHE)) if os.access(TEMPLATE_CACHE, os.W_OK) else None


@cache
def environment() -> jinja2.Environment:
    """The site's template environment (templates in sop/templates/site), made once per process
    (every renderer of a process shares its compiled templates)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("sop", "templates/site"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=text.printed,
    )
    env.filters.update(
        md=md_text,
        tanggal=text.tanggal,
        waktu=text.waktu,
        belum_pasti=text.belum_pasti,
        mark=text.mark,
        unsure=text.unsure,
        lane_hyphens=mermaid.lane_hyphens,
        angka=text.angka,
        nomor_pegawai=signer_number,
        nama_peraturan=regulation_name,
        sitasi=text.sitasi,
        status=lambda s: STATUS_LABELS[s],
        safe_href=safe_href,
        slug=urls.slug,
        island=island,
    )
    env.globals.update(link=link, urls=urls, Status=Status)
    return env
