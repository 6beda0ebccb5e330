"""The site's URL scheme, shared by pages, navigation and templates (directory URLs)."""

from __future__ import annotations

import posixpath
import re
import unicodedata

HOME = ""
KATALOG = "katalog/"
UNITS = "unit/"
DECREES = "keputusan/"
PERSYARATAN = "persyaratan/"
PELAKSANA = "pelaksana/"
DASAR_HUKUM = "dasar-hukum/"
PANDUAN = "panduan/"
PERUBAHAN = "perubahan/"
FEED = "perubahan/feed.xml"
TINJAU = "tinjau/"
VERIFIKASI = "verifikasi/"
FINGERPRINTS = "verifikasi/sidik-jari.json"


def sop(sop_id: str) -> str:
    return f"sop/{sop_id}/"


def sop_version(sop_id: str, number: int) -> str:
    """The stable page of one version: it never changes once the version is published."""
    return f"sop/{sop_id}/v{number}/"


def sop_redline(sop_id: str, number: int) -> str:
    """What changed in version `number` against the version before it."""
    return f"sop/{sop_id}/v{number}/perubahan/"


def decree(decree_id: str) -> str:
    return f"keputusan/{decree_id}/"


def unit(unit_id: str) -> str:
    return f"unit/{unit_id}/"


def sop_pdf(sop_id: str, official: bool = False) -> str:
    return f"pdf/sop/{sop_id}{'-resmi' if official else ''}.pdf"


def sop_version_pdf(sop_id: str, number: int, official: bool = False) -> str:
    return f"pdf/sop/{sop_id}/v{number}{'-resmi' if official else ''}.pdf"


def decree_pdf(decree_id: str) -> str:
    return f"pdf/keputusan/{decree_id}.pdf"


def src_uri(url: str) -> str:
    """The Markdown source path of a directory URL: 'sop/x/' -> 'sop/x.md', '' -> 'index.md'."""
    if url in ("", "/"):
        return "index.md"
    path = url.rstrip("/")
    return f"{path}/index.md" if path in ("unit", "keputusan") or url.startswith("unit/") \
        else f"{path}.md"


def relative(target: str, base: str) -> str:
    """Link from the page at directory URL `base` to site path `target` ('#anchor' kept)."""
    path, _, anchor = target.partition("#")
    if path == base:
        rel = "" if anchor else "./"
    else:
        rel = posixpath.relpath("/" + path, "/" + base)
        if (path == "" or path.endswith("/")) and not rel.endswith("/"):
            rel += "/"
    return f"{rel}#{anchor}" if anchor else rel


def slug(text: str, limit: int = 60) -> str:
    """An ASCII anchor from any text: 'Cek Turnitin /plagiasi' -> 'cek-turnitin-plagiasi'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(words)[:limit].strip("-") or "x"
