"""The built site: pages, links, cross indexes, search index, escaping, assets, failures.

The fixture data set is built once per session (without PDFs) by `built_site`.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import site_fixtures
from site_fixtures import ROOT, build_site, environ, write_site_data

from sop.errors import DataSetError

built_site = site_fixtures.built_site  # the session build, shared

pytestmark = pytest.mark.slow

SOP_IDS = ["pengangkatan-pertama", "penerbitan-sk-lektor", "layanan-kemahasiswaan"]


class _Links(HTMLParser):
    """Collects link targets and element ids of one HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        for name in ("href", "src"):
            if values.get(name) and tag in ("a", "link", "script", "img"):
                self.links.append(str(values[name]))


def parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def article(site: Path, url: str) -> str:
    """The text of a page's main article, tags removed, entities decoded, spaces collapsed."""
    page = (site / url / "index.html").read_text(encoding="utf-8")
    body = page.split('<article class="md-content__inner md-typeset">', 1)[1].split("</article>")[0]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def section(text: str, start: str, end: str | None = None) -> str:
    """The part of a page text from `start` up to `end` (or the end)."""
    tail = text.split(start, 1)[1]
    return tail.split(end, 1)[0] if end else tail


# --------------------------------------------------------------------------- pages

def test_no_page_says_what_made_it_in_english(built_site: Path) -> None:
    """The theme's "Made with Material for MkDocs" line is left out of every page."""
    pages = list(built_site.rglob("index.html"))
    assert len(pages) > 10
    assert not [p for p in pages if "Made with" in p.read_text(encoding="utf-8")]


def test_a_public_page_has_no_empty_banner(built_site: Path) -> None:
    """The announcement banner is the preview's warning only: a public page has none (an empty
    one is a dark strip above the header)."""
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert "md-header" in home and "md-banner" not in home


def test_every_sop_page_shows_its_identity(built_site: Path) -> None:
    first = article(built_site, "sop/pengangkatan-pertama")
    for value in ["B-869/Un.03/KP.01/08/2022", "Tanggal pembuatan 1 Agustus 2022",
                  "Tanggal revisi 1 Februari 2023", "Tanggal efektif 1 Februari 2023",
                  "Rektor M. Zainuddin NIP. 19620507 199503 1 001",
                  "Keputusan Rektor Nomor 869 Tahun 2022 , lampiran SOP nomor 1",
                  "Waktu baku ±7 jam 25 menit", "Jumlah langkah 4"]:
        assert value in first
    iuqi = article(built_site, "sop/layanan-kemahasiswaan")
    for value in ["28/BK-LMMBK/DOK.IUQI/2020", "Tanggal efektif 24 September 2020",
                  "Disusun oleh Ketua LPM (LPM) Munakib, M.Pd.",
                  "Diperiksa oleh Wakil Rektor III Azwar Anas, M.Pd.I",
                  "±5 hari", "A. Tujuan", "B. Ruang Lingkup", "C. Standar Mutu Terkait"]:
        assert value in iuqi
    assert "±1 hari kerja + 2 hari + 1 jam" in article(built_site, "sop/penerbitan-sk-lektor")


def test_sop_page_links_dasar_hukum_and_keterkaitan_both_ways(built_site: Path) -> None:
    page = (built_site / "sop/pengangkatan-pertama/index.html").read_text(encoding="utf-8")
    assert '<a href="../../dasar-hukum/#peraturan-permenpan-35-2012">' in page
    related = article(built_site, "sop/pengangkatan-pertama")
    assert "Penerbitan SK Jabatan dan SK PAK Jenjang Lektor (B-870" in section(
        related, "Keterkaitan")
    back = article(built_site, "sop/penerbitan-sk-lektor")
    assert "Dirujuk oleh Pengusulan Pengangkatan Pertama" in back


def test_checklist_has_nested_items_and_print_button(built_site: Path) -> None:
    page = (built_site / "sop/pengangkatan-pertama/index.html").read_text(encoding="utf-8")
    checklist = page.split('<div class="sop-checklist"', 1)[1].split("</div>\n\n", 1)[0]
    assert checklist.count('type="checkbox"') == 6
    assert re.search(r'<ol class="sop-checklist__list">\s*<li><div class="sop-checklist__row"[^>]*>'
                     r'<label><input type="checkbox" data-item="2\.1-', checklist)
    assert "Cetak daftar periksa" in checklist


def test_internal_links_resolve(built_site: Path) -> None:
    pages = {p: parse(p) for p in built_site.rglob("*.html")}
    broken = []
    for page, parsed in pages.items():
        for link in parsed.links:
            parts = urlsplit(link)
            if parts.scheme in ("http", "https", "mailto") or link.startswith("//"):
                continue
            path = unquote(parts.path)
            base = built_site if path.startswith("/") else page.parent  # 404.html is absolute
            target = (base / path.lstrip("/")).resolve() if path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(built_site)}: {link}")
            elif parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse(target).ids
                if parts.fragment not in ids:
                    broken.append(f"{page.relative_to(built_site)}: {link} (no anchor)")
    assert not broken, "\n".join(broken[:20])
    assert len(pages) >= 15


def test_only_http_links_from_the_data(built_site: Path) -> None:
    page = (built_site / "dasar-hukum/index.html").read_text(encoding="utf-8")
    assert 'href="https://peraturan.go.id/id/permen-pan-rb-no-35-tahun-2012"' in page
    assert "javascript:" not in page


# --------------------------------------------------------------------------- cross indexes

def test_persyaratan_index_lists_the_sops_that_require_a_document(built_site: Path) -> None:
    text = article(built_site, "persyaratan")
    turnitin = section(text, "Cek Turnitin /plagiasi", "Peer review")
    assert "Pengusulan Pengangkatan Pertama" in turnitin
    assert "Penerbitan SK Jabatan dan SK PAK Jenjang Lektor" in turnitin
    assert "Layanan Kemahasiswaan" not in turnitin
    page = (built_site / "persyaratan/index.html").read_text(encoding="utf-8")
    assert 'id="syarat-cek-turnitin-plagiasi"' in page


def test_pelaksana_index_lists_the_steps_of_each_position(built_site: Path) -> None:
    text = article(built_site, "pelaksana")
    penilai = section(text, "Tim Penilai Angka Kredit Dosen", "Dosen Akademik")
    assert "Menilai berkas usulan kenaikan jabatan" in penilai
    assert "Menilai karya ilmiah" in penilai
    assert "Menandatangani SK PAK" not in penilai
    page = (built_site / "pelaksana/index.html").read_text(encoding="utf-8")
    assert 'href="../sop/pengangkatan-pertama/#langkah-3"' in page


def test_dasar_hukum_index_lists_citing_sops_and_decrees(built_site: Path) -> None:
    text = article(built_site, "dasar-hukum")
    pak = section(text, "Peraturan Menteri PANRB Nomor 17 Tahun 2013", "Keputusan Menteri Agama")
    assert "Pengusulan Pengangkatan Pertama" in pak and "Penerbitan SK Jabatan" in pak
    assert "Keputusan Rektor Nomor 869 Tahun 2022 (mengingat)" in pak


def test_home_catalogue_and_units(built_site: Path) -> None:
    home = article(built_site, "")
    assert "Revisi terbaru" in home and "SOP per unit" in home and "SOP per keputusan" in home
    assert section(home, "Revisi terbaru").split()[0:2] == ["Pengusulan", "Pengangkatan"]
    catalogue = (built_site / "katalog/index.html").read_text(encoding="utf-8")
    assert catalogue.count('<tr data-unit=') == len(SOP_IDS)
    assert "28/BK-LMMBK/DOK.IUQI/2020" in catalogue and "24 September 2020" in catalogue
    assert "Layanan Kemahasiswaan" in article(built_site, "unit/kemahasiswaan")


def test_decree_page(built_site: Path) -> None:
    text = article(built_site, "keputusan/kr-869-2022")
    for value in ["Menimbang", "Mengingat", "MEMUTUSKAN", "KESATU", "22 Agustus 2022",
                  "BAB I PENDAHULUAN", "A. Dasar Hukum"]:
        assert value in text
    assert "Lampiran: daftar SOP" in text


# --------------------------------------------------------------------------- search index

def test_search_indexes_public_content_with_numbers_requirements_and_actors(
        built_site: Path) -> None:
    """Pagefind (sop/search.py) indexes the content of public pages only; what it will read
    is the HTML inside data-pagefind-body, minus the excluded parts."""
    bodies = {str(p.parent.relative_to(built_site)): p.read_text(encoding="utf-8")
              for p in built_site.rglob("index.html")
              if "data-pagefind-body" in p.read_text(encoding="utf-8")}

    def locations(word: str) -> set[str]:
        return {f"{url}/" for url, page in bodies.items() if word in _indexed_text(page)}

    assert "sop/layanan-kemahasiswaan/" in locations("28/BK-LMMBK/DOK.IUQI/2020")
    assert "sop/pengangkatan-pertama/" in locations("869")
    assert {"sop/pengangkatan-pertama/", "sop/penerbitan-sk-lektor/",
            "persyaratan/"} <= locations("Turnitin")
    assert "sop/pengangkatan-pertama/" in locations("Peer review")
    assert {"sop/pengangkatan-pertama/", "pelaksana/"} <= locations("Tim Penilai")
    assert not locations("swimlane") and not locations("<svg")  # no diagram source noise
    assert not [u for u in bodies if u.startswith("panduan") or "/v" in u or u in (".", "katalog")]
    for name in ("pagefind.js", "pagefind-entry.json", "sop-sinonim.json", "sop-kata.json"):
        assert (built_site / "pagefind" / name).is_file(), name
    assert not (built_site / "search").exists()  # no lunr index any more


def _indexed_text(page: str) -> str:
    """The page's HTML inside data-pagefind-body, without the parts sop.search excludes."""
    body = page.split("data-pagefind-body", 1)[1].split("</article>", 1)[0]
    body = re.sub(r'<(div|p|details|nav)\b[^>]*data-search-exclude.*?</\1>', " ", body, flags=re.S)
    return body


# --------------------------------------------------------------------------- escaping

def test_jinja_in_data_renders_literally(built_site: Path) -> None:
    text = article(built_site, "sop/penerbitan-sk-lektor")
    assert "Isi kolom {{ nama_dosen }} dan {% if lengkap %}lampirkan{% endif %} berkas" in text
    assert "Menerima usulan {{ jenjang }}" in text


def test_macros_render_the_panduan_but_not_generated_pages(built_site: Path) -> None:
    reference = (built_site / "panduan/referensi/index.html").read_text(encoding="utf-8")
    assert "referensi_kolom" not in reference
    assert 'id="sop-step"' in reference and "<code>kegiatan</code>" in reference


class _Active(HTMLParser):
    """Finds markup that would run: event handler attributes and script bodies."""

    def __init__(self) -> None:
        super().__init__()
        self.handlers: list[str] = []
        self.tags: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.handlers += [f"{tag} {k}={v}" for k, v in attrs if k.startswith("on")]
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


def test_payload_in_every_text_field_is_escaped(tmp_path: Path) -> None:
    payload = ('</title><script>alert("x")</script><img src=x onerror=alert(1)> *em* {{ 7*7 }}'
               " <!--sop-island:0-->")
    data = write_site_data(tmp_path / "data", payload=payload)
    site = build_site(data, tmp_path / "site")
    for url in ["sop/pengangkatan-pertama", "persyaratan", "pelaksana", "katalog", "",
                "unit/biro-aupk", "keputusan/kr-869-2022"]:
        active = _Active()
        active.feed((site / url / "index.html").read_text(encoding="utf-8"))
        assert not active.handlers, url
        assert not [s for s in active.scripts if "alert" in s], url
        assert "img" not in active.tags and "em" not in active.tags, url
    text = article(site, "sop/pengangkatan-pertama")
    assert payload in text  # shown exactly as written, {{ 7*7 }} not evaluated
    title = re.search(r"<title>(.*?)</title>", (site / "sop/pengangkatan-pertama/index.html")
                      .read_text(encoding="utf-8"), re.S)
    assert title and "&lt;/title&gt;&lt;script&gt;" in title.group(1)


def test_generated_html_blocks_are_all_put_back(built_site: Path) -> None:
    """Big HTML blocks bypass Markdown as placeholders; none may be left, each is in place."""
    for page in built_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "sop-island" not in text and "sop-html" not in text, page
    text = (built_site / "sop/penerbitan-sk-lektor/index.html").read_text(encoding="utf-8")
    assert text.index('id="identitas"') < text.index('class="sop-identity"')
    assert text.index('id="kegiatan"') < text.index('class="sop-steps"')
    flowchart = text.index('<details class="sop-flowchart"')
    assert text.index('class="sop-steps"') < flowchart < text.index("<svg", flowchart)
    assert text.index("<svg", flowchart) < text.index('id="riwayat"')


# --------------------------------------------------------------------------- assets

def test_mermaid_script_only_on_pages_with_a_diagram(built_site: Path) -> None:
    script = "assets/javascripts/mermaid.min.js"
    assert (built_site / script).stat().st_size > 100_000
    sop_page = (built_site / "sop/pengangkatan-pertama/index.html").read_text()
    # the loader only, which names Mermaid and loads it when the diagram comes near
    assert f'data-mermaid="../../{script}" defer' in sop_page
    assert '<script src="../../javascripts/sop-diagram.js"' in sop_page
    assert f'src="../../{script}"' not in sop_page
    assert '<pre class="sop-mermaid"><code>' in sop_page and 'class="mermaid"' not in sop_page
    for url in ["", "katalog", "persyaratan", "panduan"]:
        page = (built_site / url / "index.html").read_text()
        assert "mermaid.min.js" not in page and "sop-diagram.js" not in page, url


def test_fonts_are_self_hosted_and_nothing_is_fetched_from_elsewhere(built_site: Path) -> None:
    css = (built_site / "stylesheets/sop-fonts.css").read_text(encoding="utf-8")
    css += (built_site / "stylesheets/sop.css").read_text(encoding="utf-8")
    fonts = re.findall(r'url\("([^"]+)"\)', css)
    assert len(fonts) == 8 and all(url.endswith(".woff2") for url in fonts), fonts
    for url in fonts:  # subset WOFF2 faces (scripts/webfonts.py), no TTF on the site
        assert (built_site / "stylesheets" / url).resolve().read_bytes()[:4] == b"wOF2", url
    assert not list(built_site.rglob("*.ttf"))
    for page in built_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, page
        for tag in re.findall(r"<(?:script|link|img)\b[^>]*>", text):
            assert not re.search(r'(?:src|href)="(?:https?:)?//', tag) or "canonical" in tag, tag


# --------------------------------------------------------------------------- failures

BROKEN_STEP = {"no": 9, "kegiatan": "Langkah tanpa pelaksana dikenal", "pelaksana": "rektr"}


def test_data_problems_stop_sop_build_with_the_list(tmp_path: Path) -> None:
    data = write_site_data(tmp_path / "data")
    sop_file = data / "sop" / "layanan-kemahasiswaan.yaml"
    sop_file.write_text(sop_file.read_text().replace("unit: kemahasiswaan", "unit: kemahasiswa"))
    with pytest.raises(DataSetError) as info:
        build_site(data, tmp_path / "site")
    assert "unit 'kemahasiswa' tidak dikenal" in info.value.report()
    assert not (tmp_path / "site").exists()


def test_data_problems_fail_sop_build_without_traceback(tmp_path: Path) -> None:
    data = write_site_data(tmp_path / "data")
    sop_file = data / "sop" / "layanan-kemahasiswaan.yaml"
    sop_file.write_text(sop_file.read_text().replace("unit: kemahasiswaan", "unit: kemahasiswa"))
    with environ(SOP_SKIP_PDF="1"):
        result = subprocess.run(
            [sys.executable, "-m", "sop.cli", "build", "--data", str(data), "--site",
             str(tmp_path / "site")], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode != 0
    assert "layanan-kemahasiswaan.yaml" in result.stderr + result.stdout
    assert "kemahasiswa" in result.stderr + result.stdout
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists() and not (tmp_path / ".cache" / "site").exists()


def test_no_page_is_generated_inside_the_engine() -> None:
    """The site builds without hooks or plugins: mkdocs.yml names none."""
    from sop.site import engines

    config = engines.base_config()
    assert "hooks" not in config and config.get("plugins") == []
    assert not (ROOT / "sop" / "site" / "hooks.py").exists()


def test_pdfs_are_built_and_linked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # the PDF cache (.cache/pdf) goes here
    site = build_site(write_site_data(tmp_path / "data"), tmp_path / "site", pdf=True)
    links = parse(site / "sop/pengangkatan-pertama/index.html").links
    links += parse(site / "keputusan/kr-869-2022/index.html").links
    pdfs = [link for link in links if link.endswith(".pdf")]
    assert {"../../pdf/sop/pengangkatan-pertama.pdf",
            "../../pdf/sop/pengangkatan-pertama-resmi.pdf",
            "../../pdf/keputusan/kr-869-2022.pdf"} <= set(pdfs)
    for link in pdfs:
        base = site / ("sop/pengangkatan-pertama" if "sop/" in link else "keputusan/kr-869-2022")
        assert (base / link).resolve().read_bytes()[:5] == b"%PDF-", link


def test_compiled_templates_are_kept_between_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second build takes the theme's and the site's templates compiled from
    .cache/templates and makes the same pages; a damaged cache entry is compiled again."""
    from sop.site import render

    monkeypatch.chdir(tmp_path)
    # the project's own cache, here in the test's folder (never the working folder's otherwise)
    monkeypatch.setattr(render, "TEMPLATE_CACHE", tmp_path / ".cache" / "templates")
    data = write_site_data(tmp_path / "data")
    first = build_site(data, tmp_path / "one")
    cached = sorted((tmp_path / ".cache" / "templates").iterdir())
    assert len(cached) > 20  # Material's templates and partials, and ours
    for entry in cached[:5]:
        entry.write_bytes(entry.read_bytes()[:40])  # cut short, as by a crash mid-write
    second = build_site(data, tmp_path / "two")
    pages = sorted(p.relative_to(first) for p in first.rglob("*.html"))
    assert pages and pages == sorted(p.relative_to(second) for p in second.rglob("*.html"))
    for page in pages:
        assert (first / page).read_bytes() == (second / page).read_bytes(), page
