"""Versions on the site: version pages, drafts kept out, redlines, changelog feed, review dates,
and the fingerprint register of the Verifikasi page (issue 6).

One data set goes through the life of a revision: `sop revise` opens a draft of
penerbitan-sk-lektor carrying a marker string, the site is built (public and preview), then the
draft is published with real changes and the site is built again. Builds skip the PDFs
(tests/test_versions_pdf.py covers those); the build date is fixed by SOURCE_DATE_EPOCH.
"""

from __future__ import annotations

import datetime as dt
import gzip
import html
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml
from site_fixtures import ROOT, environ, write_site_data

from sop.dataset import load
from sop.model import Status
from sop.revisions import fingerprint, published, revise
from sop.site.build import build
from sop.site.pages import Options, SiteRenderer

MARKER = "ZQXDRAFTMARKER7731"  # only ever written into draft versions
REVISED = "penerbitan-sk-lektor"
NEW_DRAFT = "sop-baru-draf"  # an SOP whose only version is a draft
SITE_URL = "https://sop.example.ac.id/kampus/"
BUILD_DAY = dt.date(2024, 6, 1)
EPOCH = "1717200000"  # 2024-06-01 00:00 UTC
SUMMARY = "Penilaian karya & publikasi <ilmiah>"  # published summary, needs escaping


# --------------------------------------------------------------------------- the data's life


def _edit(path: Path, change: Any) -> None:
    """Load a YAML file, let `change` edit the dict, write it back."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def draft_stage(folder: Path) -> Path:
    """The site fixture data with a draft v2 of REVISED and a draft-only SOP, both marked."""
    return add_drafts(write_site_data(folder))


def add_drafts(root: Path) -> Path:
    """`sop revise` REVISED into a marked draft v2, and add a marked draft-only SOP."""
    revise(load(root), REVISED, f"Ringkasan draf {MARKER}", dt.date(2024, 5, 20))

    def mark(doc: dict[str, Any]) -> None:
        doc["judul"] += f" {MARKER}"
        doc["deskripsi"] = f"Deskripsi draf {MARKER}"
        doc["steps"][0]["kegiatan"] += f" {MARKER}"
        doc["persyaratan"]["daftar"].append(f"Berkas draf {MARKER}")

    _edit(root / "sop" / f"{REVISED}.yaml", mark)
    other = yaml.safe_load((root / "sop/layanan-kemahasiswaan.yaml").read_text(encoding="utf-8"))
    other.update(id=NEW_DRAFT, status="draft", judul=f"SOP baru {MARKER}",
                 nomor=f"29/{MARKER}/2024")
    (root / "sop" / f"{NEW_DRAFT}.yaml").write_text(
        yaml.safe_dump(other, allow_unicode=True, sort_keys=False), encoding="utf-8")
    # a published SOP names the draft-only one as related: the link must not leak it
    _edit(root / "sop/pengangkatan-pertama.yaml",
          lambda d: d["keterkaitan"]["sop"].append(NEW_DRAFT))
    load(root)  # still a valid data set
    return root


def publish_stage(root: Path) -> Path:
    """Publish the draft of REVISED with real changes (the draft-only SOP stays a draft)."""

    def publish(doc: dict[str, Any]) -> None:
        doc["status"] = "berlaku"
        doc["judul"] = doc["judul"].replace(f" {MARKER}", "")
        doc["deskripsi"] = "Penerbitan SK setelah penilaian karya."
        doc["steps"][0]["kegiatan"] = doc["steps"][0]["kegiatan"].replace(f" {MARKER}", "")
        doc["steps"][1]["kegiatan"] = "Menilai karya ilmiah dan publikasi"
        doc["steps"][2]["waktu"] = {"nilai": 2, "unit": "jam"}
        doc["persyaratan"]["daftar"] = ["Cek Turnitin / plagiasi", "Surat pernyataan keaslian"]
        doc["dasar_hukum"].append("permenpan-35-2012")
        doc["riwayat"][-1]["ringkasan"] = SUMMARY
        doc["tinjau_berikutnya"] = "2024-06-20"  # due within 30 days of the build date
        doc["tanggal"]["revisi"] = "2024-05-20"
        doc["tanggal"]["efektif"] = "2024-05-20"  # the new version's own date (sop check asks)

    _edit(root / "sop" / f"{REVISED}.yaml", publish)
    load(root)
    return root


def build_at(root: Path, site: Path, *, drafts: bool = False, pdf: bool = False) -> Path:
    """Build the site of `root` (without PDFs unless asked), on BUILD_DAY, under SITE_URL."""
    with environ(SOP_SKIP_PDF="0" if pdf else "1", NO_MKDOCS_2_WARNING="1",
                 SOURCE_DATE_EPOCH=EPOCH, SITE_URL=SITE_URL):
        build(root, site, config_file=ROOT / "mkdocs.yml", drafts=drafts)
    return site


@pytest.fixture(scope="module")
def stages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Sites built at each stage: public and preview with the draft, then after publishing."""
    base = tmp_path_factory.mktemp("versions")
    root = draft_stage(base / "data")
    drafted = load(root)
    result: dict[str, Any] = {
        "draft": drafted.sops[REVISED],
        "public": build_at(root, base / "public"),
        "preview": build_at(root, base / "preview", drafts=True),
    }
    publish_stage(root)
    data = load(root)
    result.update(data=data, published=build_at(root, base / "published"))
    return result


# --------------------------------------------------------------------------- helpers


def text_of(site: Path, url: str) -> str:
    """A page's article text: tags removed, entities decoded, spaces collapsed."""
    page = (site / url / "index.html").read_text(encoding="utf-8")
    body = page.split('<article class="md-content__inner md-typeset">', 1)[1].split("</article>")[0]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def raw(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def every_file_text(site: Path) -> dict[str, str]:
    """Every file of a built site as text (gzip files opened), keyed by relative path."""
    found = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        found[path.relative_to(site).as_posix()] = data.decode("utf-8", errors="replace")
    return found


pytestmark = pytest.mark.slow


# --------------------------------------------------------------------------- drafts


def test_no_draft_text_anywhere_in_the_public_build(stages: dict[str, Any]) -> None:
    files = every_file_text(stages["public"])
    assert "pagefind/sop-kata.json" in files and "sitemap.xml" in files
    assert [name for name, content in files.items() if MARKER in content] == []
    assert not (stages["public"] / "sop" / REVISED / "v2").exists()
    assert not (stages["public"] / "sop" / NEW_DRAFT).exists()
    assert NEW_DRAFT not in files["sitemap.xml"] and f"{REVISED}/v2/" not in files["sitemap.xml"]
    register = json.loads(files["verifikasi/sidik-jari.json"])
    assert fingerprint(stages["draft"]) not in register
    # the public site still shows version 1 as the version in force
    main = text_of(stages["public"], f"sop/{REVISED}")
    assert "Versi 1" in main and "DRAF" not in main


def test_no_draft_text_after_publishing_either(stages: dict[str, Any]) -> None:
    files = every_file_text(stages["published"])
    assert [name for name, content in files.items() if MARKER in content] == []


def test_preview_shows_the_draft_marked(stages: dict[str, Any]) -> None:
    site = stages["preview"]
    page = raw(site, f"sop/{REVISED}")
    assert MARKER in page
    assert '<div class="sop-draft-watermark" aria-hidden="true">DRAF</div>' in page
    assert "PRATINJAU" in page  # the banner of a preview build, on every page
    assert "PRATINJAU" in raw(site, "katalog")
    text = text_of(site, f"sop/{REVISED}")
    assert "DRAF: belum berlaku" in text and "Draf Versi 2" in text
    assert (site / "sop" / NEW_DRAFT / "index.html").is_file()
    # the public build of the same data has neither watermark nor banner
    public = raw(stages["public"], f"sop/{REVISED}")
    assert "sop-draft-watermark" not in public and "PRATINJAU" not in public


# --------------------------------------------------------------------------- version pages


def test_main_page_shows_the_version_in_force_and_links_every_version(
        stages: dict[str, Any]) -> None:
    site, data = stages["published"], stages["data"]
    v1, v2 = data.archive[REVISED][0], data.sops[REVISED]
    main = text_of(site, f"sop/{REVISED}")
    assert "Menilai karya ilmiah dan publikasi" in main
    assert f"Sidik jari versi 2 {fingerprint(v2)} Berlaku" in main
    history = main.split("Riwayat versi", 1)[1]
    assert "(halaman ini)" not in history  # the main page is not a version page
    assert f"Versi 2 20 Mei 2024 {SUMMARY} Lihat perubahan dari versi 1" in history
    assert "Versi 1 22 Agustus 2022" in history and "Tidak berlaku lagi" in history
    links = raw(site, f"sop/{REVISED}")
    assert 'href="v1/"' in links and 'href="v2/"' in links and 'href="v2/perubahan/"' in links
    assert fingerprint(v1) != fingerprint(v2)


def test_old_version_page_says_it_is_no_longer_in_force(stages: dict[str, Any]) -> None:
    site, data = stages["published"], stages["data"]
    v1 = data.archive[REVISED][0]
    text = text_of(site, f"sop/{REVISED}/v1")
    assert text.startswith("Penerbitan SK Jabatan dan SK PAK Jenjang Lektor (versi 1)")
    assert "Tidak berlaku lagi Ini versi 1, disimpan sebagai arsip." in text
    assert "Versi yang berlaku sekarang adalah versi 2 (berlaku, 20 Mei 2024)" in text
    assert f"Sidik jari versi 1 {fingerprint(v1)} Tidak berlaku lagi" in text
    assert "Menilai karya ilmiah" in text and "dan publikasi" not in text  # its own content
    page = raw(site, f"sop/{REVISED}/v1")
    assert 'href="../">versi 2</a>' in page  # to the main page, which shows the version in force
    assert "Versi 1</a> <small>(halaman ini)</small>" in page
    assert 'class="sop-checklist"' not in page  # no ticking off an outdated list
    current = text_of(site, f"sop/{REVISED}/v2")
    assert "Tidak berlaku lagi Ini versi" not in current and "Berlaku" in current


def test_version_pages_stay_out_of_nav_catalogue_and_search(stages: dict[str, Any]) -> None:
    site, data = stages["published"], stages["data"]
    catalogue = raw(site, "katalog")
    assert catalogue.count("<tr data-unit=") == len(published(data).sops) == 3
    for url in ("katalog", "", f"sop/{REVISED}/v1"):  # navigation (all of it) and catalogue
        page = raw(site, url)
        nav = page.split('<nav class="md-nav md-nav--primary', 1)[1].split('class="md-content"')[0]
        assert 'md-nav__link' in nav and not re.search(r'href="[^"]*/v\d+/"', nav)
    indexed = {p.parent.relative_to(site).as_posix() + "/": p.read_text(encoding="utf-8")
               for p in site.rglob("index.html")
               if "data-pagefind-body" in p.read_text(encoding="utf-8")}  # what Pagefind reads
    assert f"sop/{REVISED}/" in indexed
    assert not [loc for loc in indexed if re.search(r"/v\d+/", loc)]
    assert "dan publikasi" in indexed[f"sop/{REVISED}/"]  # search finds the version in force
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"{SITE_URL}sop/{REVISED}/v1/" in sitemap


# --------------------------------------------------------------------------- redline


def test_redline_compares_field_by_field(stages: dict[str, Any]) -> None:
    site = stages["published"]
    text = text_of(site, f"sop/{REVISED}/v2/perubahan")
    assert text.startswith("Perubahan versi 2: Penerbitan SK Jabatan")
    assert f"Ringkasan perubahan {SUMMARY}" in text
    table = text.split("Sesudahnya (versi 2)", 1)[1]
    assert ("Dasar hukum + Ditambah — Peraturan Menteri PANRB Nomor 35 Tahun 2012 tentang "
            "Pedoman Penyusunan Standar Operasional Prosedur") in table
    assert "Berkas persyaratan − Dihapus Peer review (2 reviewer) tiap karya —" in table
    assert "+ Ditambah — Surat pernyataan keaslian" in table
    assert ("Langkah ± Diubah Langkah 2: kegiatan Menilai karya ilmiah "
            "Menilai karya ilmiah dan publikasi") in table
    assert "± Diubah Langkah 3: waktu 1 jam 2 jam" in table
    page = raw(site, f"sop/{REVISED}/v2/perubahan")
    assert "<ins>dan publikasi</ins>" in page  # the words that changed, marked
    assert '<del>Peer review (2 reviewer) tiap karya</del>' in page
    assert "Identitas ± Diubah Tanggal revisi — 20 Mei 2024" in table
    assert "permenpan-35-2012" not in table  # names, not ids
    assert not (site / "sop" / REVISED / "v1" / "perubahan").exists()  # nothing before v1


# --------------------------------------------------------------------------- changelog and feed


def test_changelog_lists_versions_newest_first(stages: dict[str, Any]) -> None:
    text = text_of(stages["published"], "perubahan")
    rows = text.split("Keadaan", 1)[1]
    assert rows.index("20 Mei 2024 Penerbitan SK Jabatan") < rows.index("1 Februari 2023")
    assert f"Versi 2 {SUMMARY} Lihat perubahan dari versi 1 Berlaku" in rows
    assert "Versi 1 Terbit pertama di situs ini Tidak berlaku lagi" in rows
    page = raw(stages["published"], "perubahan")
    assert f'href="../sop/{REVISED}/v2/perubahan/"' in page


ATOM = "{http://www.w3.org/2005/Atom}"


def test_atom_feed_is_valid_with_absolute_links(stages: dict[str, Any]) -> None:
    site = stages["published"]
    source = (site / "perubahan/feed.xml").read_text(encoding="utf-8")
    assert source.startswith('<?xml version="1.0" encoding="utf-8"?>')
    feed = ET.fromstring(source)
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{name}") is not None, name
    assert feed.findtext(f"{ATOM}updated") == "2024-05-20T00:00:00Z"
    self_link = feed.find(f"{ATOM}link[@rel='self']")
    assert self_link is not None and self_link.get("href") == f"{SITE_URL}perubahan/feed.xml"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 4  # v1 and v2 of the revised SOP, and the two other SOPs
    first = entries[0]
    title = first.findtext(f"{ATOM}title")
    assert title == "Penerbitan SK Jabatan dan SK PAK Jenjang Lektor, versi 2"
    assert first.findtext(f"{ATOM}id") == f"{SITE_URL}sop/{REVISED}/v2/"
    assert SUMMARY in (first.findtext(f"{ATOM}summary") or "")  # escaped in, unescaped out
    assert "&amp; publikasi &lt;ilmiah&gt;" in source
    hrefs = [link.get("href") or "" for link in feed.iter(f"{ATOM}link")]
    assert hrefs and all(h.startswith(SITE_URL) for h in hrefs)
    for entry in entries:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00Z", entry.findtext(f"{ATOM}updated") or "")
        assert entry.find(f"{ATOM}link[@rel='alternate']") is not None
    head = raw(site, "").split("</head>", 1)[0]
    assert ('<link rel="alternate feed" type="application/atom+xml" title="Perubahan SOP" '
            'href="perubahan/feed.xml">') in head


# --------------------------------------------------------------------------- verification


def test_fingerprint_register_has_every_published_version(stages: dict[str, Any]) -> None:
    site, data = stages["published"], stages["data"]
    register = json.loads((site / "verifikasi/sidik-jari.json").read_text(encoding="utf-8"))
    v1, v2 = data.archive[REVISED][0], data.sops[REVISED]
    assert register[fingerprint(v1)] | {"judul": ""} == {
        "id": REVISED, "nomor": v1.nomor, "judul": "", "versi": 1, "tanggal": "2022-08-22",
        "keadaan": "Tidak berlaku lagi", "berlaku": False, "url": f"sop/{REVISED}/v1/",
        "berlaku_url": f"sop/{REVISED}/", "berlaku_versi": 2}
    assert register[fingerprint(v2)]["berlaku"] is True
    assert register[fingerprint(v2)]["url"] == f"sop/{REVISED}/v2/"
    draft_only = load(stages["data"].root).sops[NEW_DRAFT]
    assert draft_only.status is Status.DRAFT and fingerprint(draft_only) not in register
    assert len(register) == 4
    page = raw(site, "verifikasi")
    assert 'data-register="sidik-jari.json"' in page and 'data-root="../"' in page


# --------------------------------------------------------------------------- review dates


def test_overdue_sop_shows_a_banner_and_the_review_page_lists_due_sops(
        stages: dict[str, Any]) -> None:
    site = stages["published"]
    overdue = text_of(site, "sop/pengangkatan-pertama")
    assert "Perlu ditinjau sejak 1 Februari 2023" in overdue
    assert "Perlu ditinjau sejak" not in text_of(site, f"sop/{REVISED}")  # due on 20 June
    assert "Perlu ditinjau sejak" not in text_of(site, f"sop/{REVISED}/v1")
    review = text_of(site, "tinjau")
    assert "per 1 Juni 2024" in review
    rows = review.split("Keadaan", 1)[1]
    assert rows.index("15 November 2020") < rows.index("1 Februari 2023") < rows.index(
        "20 Juni 2024")
    assert "1 Februari 2023 Pengusulan Pengangkatan Pertama" in rows
    assert "Lewat 486 hari" in rows  # 2023-02-01 .. 2024-06-01
    assert "20 Juni 2024 Penerbitan SK Jabatan dan SK PAK Jenjang Lektor" in rows
    assert "19 hari lagi" in rows


def test_review_dates_follow_the_build_date(tmp_path: Path) -> None:
    """Core only (no MkDocs): the same data a year earlier has nothing overdue but one SOP."""
    data = load(publish_stage(draft_stage(tmp_path / "data")))
    early = SiteRenderer(data, Options(pdf_links=False, today=dt.date(2020, 11, 1)))
    pages = {p.url: p.markdown for p in early.pages()}
    assert "Perlu ditinjau sejak" not in pages["sop/pengangkatan-pertama/"]
    assert "15 November 2020" in pages["tinjau/"] and "14 hari lagi" in pages["tinjau/"]
    assert "Lewat" not in pages["tinjau/"]
    late = SiteRenderer(data, Options(pdf_links=False, today=dt.date(2030, 1, 1)))
    late_pages = {p.url: p.markdown for p in late.pages()}
    assert "Perlu ditinjau sejak 20 Juni 2024" in late_pages[f"sop/{REVISED}/"]
    assert "Perlu ditinjau sejak" not in late_pages[f"sop/{REVISED}/v1/"]
    assert late_pages["tinjau/"].count("Lewat") == 3
