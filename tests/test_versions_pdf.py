"""PDFs of versions (issue 6): one stable file per version, old versions byte for byte
unchanged by later revisions, fingerprint and QR code to the version's own page, no draft
PDF in a public build, the DRAF mark in a preview.

The whole pipeline runs (`sop build` -> MkDocs hook -> sop.pdf.build_all) at four moments of
one SOP's revision; the PDF cache is shared, as between real builds.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from site_fixtures import write_site_data
from test_versions_site import (
    BUILD_DAY,
    MARKER,
    NEW_DRAFT,
    REVISED,
    SITE_URL,
    add_drafts,
    build_at,
    publish_stage,
)

from sop.dataset import load
from sop.pdf import html as pdf_html
from sop.pdf.context import qr_uri
from sop.revisions import fingerprint

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Sites with PDFs: before the revision, with the draft (public and preview), published."""
    base = tmp_path_factory.mktemp("versions-pdf")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(base)  # the PDF cache (.cache/pdf) lives here
        root = write_site_data(base / "data")
        result: dict[str, Any] = {"before": build_at(root, base / "before", pdf=True)}
        add_drafts(root)
        result["draft"] = build_at(root, base / "draft", pdf=True)
        result["preview"] = build_at(root, base / "preview", pdf=True, drafts=True)
        publish_stage(root)
        result["published"] = build_at(root, base / "published", pdf=True)
        result["data"] = load(root)
    return result


def pdf(site: Path, rel: str) -> bytes:
    return (site / "pdf" / rel).read_bytes()


def text(data: bytes) -> str:
    """All text of a PDF, whitespace collapsed."""
    pages = PdfReader(io.BytesIO(data)).pages
    return " ".join(" ".join(p.extract_text() or "" for p in pages).split())


def test_old_version_pdf_is_byte_identical_after_the_revision(builds: dict[str, Any]) -> None:
    before, draft, after = builds["before"], builds["draft"], builds["published"]
    for copy in ("v1.pdf", "v1-resmi.pdf"):
        old = pdf(before, f"sop/{REVISED}/{copy}")
        assert old.startswith(b"%PDF-")
        assert pdf(draft, f"sop/{REVISED}/{copy}") == old
        assert pdf(after, f"sop/{REVISED}/{copy}") == old
    # the main copy is the version in force: v1 until v2 is published, then v2
    assert pdf(before, f"sop/{REVISED}.pdf") == pdf(before, f"sop/{REVISED}/v1.pdf")
    assert pdf(draft, f"sop/{REVISED}.pdf") == pdf(before, f"sop/{REVISED}.pdf")
    assert pdf(after, f"sop/{REVISED}.pdf") == pdf(after, f"sop/{REVISED}/v2.pdf")
    assert pdf(after, f"sop/{REVISED}.pdf") != pdf(before, f"sop/{REVISED}.pdf")
    assert "Menilai karya ilmiah dan publikasi" in text(pdf(after, f"sop/{REVISED}/v2.pdf"))
    assert "dan publikasi" not in text(pdf(after, f"sop/{REVISED}/v1.pdf"))


def test_public_builds_have_no_draft_pdf(builds: dict[str, Any]) -> None:
    for stage in ("draft", "published"):
        folder = builds[stage] / "pdf"
        names = {p.relative_to(folder).as_posix() for p in folder.rglob("*.pdf")}
        assert not [n for n in names if NEW_DRAFT in n], stage
        for name in names:
            assert MARKER not in text((folder / name).read_bytes()), (stage, name)
    assert not (builds["draft"] / "pdf" / "sop" / REVISED / "v2.pdf").exists()


def test_preview_pdf_is_the_draft_marked_draf(builds: dict[str, Any]) -> None:
    site = builds["preview"]
    main = pdf(site, f"sop/{REVISED}.pdf")
    assert main == pdf(site, f"sop/{REVISED}/v2.pdf")
    words = text(main)
    assert MARKER in words and "DRAF" in words
    assert "DRAF" not in text(pdf(site, f"sop/{REVISED}/v1.pdf"))
    assert (site / "pdf" / "sop" / f"{NEW_DRAFT}.pdf").is_file()


def test_copy_prints_its_fingerprint_and_a_qr_code_to_its_version_page(
        builds: dict[str, Any]) -> None:
    data, site = builds["data"], builds["published"]
    opts = pdf_html.options(SITE_URL, BUILD_DAY)
    for sop in (*data.archive[REVISED], data.sops[REVISED]):
        own = f"{SITE_URL}sop/{REVISED}/v{sop.versi}/"
        footer = text(pdf(site, f"sop/{REVISED}/v{sop.versi}.pdf"))
        assert f"Versi {sop.versi} · sidik jari {fingerprint(sop)}" in footer
        assert own in footer
        assert footer.count(fingerprint(sop)) == len(
            PdfReader(io.BytesIO(pdf(site, f"sop/{REVISED}/v{sop.versi}.pdf"))).pages)
        html = pdf_html.sop_html(data, REVISED, "unduhan", opts, version=sop)
        assert qr_uri(own) in html  # the QR code encodes this version's page
        official = text(pdf(site, f"sop/{REVISED}/v{sop.versi}-resmi.pdf"))
        assert "sidik jari" not in official  # the copy for signing stays clean
    # the version's page shows the same fingerprint and links the version's own PDF
    page = (site / "sop" / REVISED / "v1" / "index.html").read_text(encoding="utf-8")
    assert fingerprint(data.archive[REVISED][0]) in page
    links = re.findall(r'href="([^"]+\.pdf)"', page)
    assert "../../../pdf/sop/penerbitan-sk-lektor/v1.pdf" in links
    for link in links:
        assert (site / "sop" / REVISED / "v1" / link).resolve().is_file(), link
