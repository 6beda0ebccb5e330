"""The Jinja environment of the site pages: autoescaped, strict, with the site's text filters.

Templates produce Markdown pages whose body is HTML blocks (Python-Markdown leaves those alone);
the only user text written as Markdown is a heading, escaped by the `md` filter.
"""

from __future__ import annotations

import re
from typing import Any

import jinja2
from markupsafe import Markup

from sop import text
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


def environment() -> jinja2.Environment:
    """The site's template environment (templates in sop/templates/site)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("sop", "templates/site"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        md=md_text,
        tanggal=text.tanggal,
        waktu=text.waktu,
        angka=text.angka,
        nomor_pegawai=signer_number,
        nama_peraturan=regulation_name,
        sitasi=text.sitasi,
        status=lambda s: STATUS_LABELS[s],
        safe_href=safe_href,
        slug=urls.slug,
    )
    env.globals.update(link=link, urls=urls, Status=Status)
    return env
