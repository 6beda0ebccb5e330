"""Names that end up in file names, URLs and attributes: the site's public address, and the
ids that become file and folder names. SOP, decree and unit ids name data files
(`sop/<id>.yaml`), pages (`/sop/<id>/`, `/keputusan/<id>/`, `/unit/<id>/`) and PDFs
(`pdf/sop/<id>.pdf`). An id must not take a generated page's place nor a name that common
systems reserve (Windows refuses to create `con.yaml` or `aux/`)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from sop.errors import Problem
from sop.messages import msg

if TYPE_CHECKING:
    from sop.dataset import DataSet

#: Lower-case names Windows reserves for devices, with or without an extension.
_DEVICE = re.compile(r"(?:con|prn|aux|nul|com[0-9]|lpt[0-9])")
#: What the slug pattern allows (sop.model.Slug), checked again before `sop new` writes a file.
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

#: Per kind: ids that collide with a page the site generates in the same folder (the why is
#: the message `names.taken.<kind>`).
_TAKEN = {"sop": {"index"}, "keputusan": {"index"}, "unit": {"index"}}


#: What a site address may hold: letters, digits and the URL characters that need no escaping
#: in HTML, XML or a QR code (no quotes, <, >, &, spaces, query or fragment).
_ADDRESS = re.compile(r"[A-Za-z0-9\-._~:/@!$()*+,;=%\[\]]+")


def web_address_problem(value: str) -> str | None:
    """Why `value` is not a usable public address of the site (https://host/path/), or None.
    It becomes the canonical link of every page, the feed's and sitemap's links and the QR
    codes, so it is checked here rather than escaped differently in each of them."""
    try:
        parts = urlsplit(value)
        ok = parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:  # e.g. a broken [IPv6] host
        ok = False
    if not ok or not _ADDRESS.fullmatch(value):
        return msg("names.web_address", value=value)
    return None


def id_problem(kind: str, value: str) -> str | None:
    """Why `value` cannot be the id of a `kind` ('sop', 'keputusan', 'unit'), or None."""
    if not SLUG.fullmatch(value):
        return msg("names.bad_id", value=value)
    if _DEVICE.fullmatch(value):
        return msg("names.device", value=value)
    if value in _TAKEN.get(kind, set()):
        return msg("names.taken", value=value, why=msg(f"names.taken.{kind}"))
    if kind == "sop" and value.endswith("-resmi"):
        return msg("names.resmi", value=value, base=value.removesuffix("-resmi"))
    return None


def id_problems(file: str, line: int, kind: str, value: str) -> list[Problem]:
    """`id_problem` as a list of problems at the id's key."""
    problem = id_problem(kind, value)
    return [Problem(file, line, "id", problem)] if problem else []


def check_names(data: DataSet) -> list[Problem]:
    """Every SOP, decree and unit id of a data set that cannot name its files and pages."""
    problems: list[Problem] = []
    units = data.institution.unit
    inst = data.source("institusi", "") if units else None
    for i, unit in enumerate(units):
        problem = id_problem("unit", unit.id)
        if problem and inst is not None:
            problems.append(Problem(inst.file, inst.line(("unit", i, "id")), f"unit[{i}].id",
                                    problem))
    for kind, ids in (("keputusan", data.decrees), ("sop", data.sops)):
        for key in ids:
            doc = data.source(kind, key)
            problems += id_problems(doc.file, doc.line(("id",)), kind, key)
    return problems
