"""The two site engines on the same site source: MkDocs + Material (the default) and Zensical
give the same pages with the same key content; the source folder is written incrementally and
an unchanged build runs no engine. One Zensical build per session."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import site_fixtures
from site_fixtures import build_site, write_site_data

from sop.site import engines
from sop.site.build import publish
from sop.site.pages import SiteRenderer
from sop.site.source import write_source

built_site = site_fixtures.built_site  # the MkDocs session build, shared

pytestmark = pytest.mark.slow

KEY_CONTENT = {
    "sop/pengangkatan-pertama": ["B-869/Un.03/KP.01/08/2022", "Waktu baku", "sop-flowchart",
                                 '<pre class="sop-mermaid"><code>', "sop-diagram.js",
                                 "data-pagefind-body", "Cetak daftar periksa"],
    "keputusan/kr-869-2022": ["Nomor 869 Tahun 2022", "Lampiran"],
    "unit/biro-aupk": ["Biro Administrasi Umum"],
    "persyaratan": ["Cek Turnitin"],
    "pelaksana": ["Tim Penilai"],
    "dasar-hukum": ["permenpan-35-2012"],
    "perubahan": ["Perubahan"],
    "tinjau": ["ditinjau"],
    "verifikasi": ["sidik"],
    "panduan/referensi": ["pelaksana"],
    "": ["UIN Malang"],
}


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("zensical")
    base = tmp_path_factory.mktemp("zensical")
    data = write_site_data(base / "data")
    os.environ[engines.ENV] = "zensical"
    try:
        return build_site(data, base / "site")
    finally:
        del os.environ[engines.ENV]


def _pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def test_both_engines_make_the_same_pages(built_site: Path, zensical_site: Path) -> None:
    assert _pages(built_site) == _pages(zensical_site)
    assert len(_pages(built_site)) > 20
    for rel in ["perubahan/feed.xml", "verifikasi/sidik-jari.json", "pagefind/pagefind.js",
                "assets/javascripts/mermaid.min.js", "javascripts/sop-diagram.js"]:
        assert (zensical_site / rel).read_bytes() == (built_site / rel).read_bytes() or \
            rel.startswith("pagefind"), rel


@pytest.mark.parametrize("url", sorted(KEY_CONTENT))
def test_both_engines_show_the_key_content(built_site: Path, zensical_site: Path,
                                           url: str) -> None:
    for site in (built_site, zensical_site):
        page = (site / url / "index.html").read_text(encoding="utf-8")
        for value in KEY_CONTENT[url]:
            assert value in page, (site, url, value)
        assert "sop-island" not in page and "<!--sop-html-->" not in page
        assert '<nav class="md-nav' in page  # Material's navigation in both
    mk = (built_site / url / "index.html").read_text(encoding="utf-8")
    zen = (zensical_site / url / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<h1[^>]*>(.*?)</h1>", mk, re.S).group(1) in zen  # type: ignore[union-attr]


def test_the_source_folder_is_written_incrementally(tmp_path: Path) -> None:
    from sop.dataset import load

    data = write_site_data(tmp_path / "data")
    folder = tmp_path / "src"
    first = write_source(SiteRenderer(load(data)), folder, "http://localhost:8000/")
    assert first.written and not first.removed
    times = {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}
    again = write_source(SiteRenderer(load(data)), folder, "http://localhost:8000/")
    assert again.written == [] and again.digest == first.digest
    assert times == {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}
    sop_file = data / "sop" / "penerbitan-sk-lektor.yaml"
    sop_file.write_text(sop_file.read_text().replace("Menilai karya ilmiah", "Menilai karya"))
    (folder / "stale.md").write_text("old")
    changed = write_source(SiteRenderer(load(data)), folder, "http://localhost:8000/")
    assert "sop/penerbitan-sk-lektor.md" in changed.written
    assert "sop/pengangkatan-pertama.md" not in changed.written
    assert changed.removed == ["stale.md"] and changed.digest != first.digest


def test_an_unchanged_build_runs_no_engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOP_SKIP_PDF", "1")
    data = write_site_data(tmp_path / "data")
    assert publish(data, tmp_path / "site").ran
    before = (tmp_path / "site").stat().st_ino
    assert not publish(data, tmp_path / "site").ran
    assert (tmp_path / "site").stat().st_ino == before  # the published site stays as it is
    assert publish(data, tmp_path / "site", drafts=True).ran  # another kind of build
    assert publish(data, tmp_path / "site").ran  # the preview is not left published
    assert not publish(data, tmp_path / "site").ran
    sop_file = data / "sop" / "penerbitan-sk-lektor.yaml"
    sop_file.write_text(sop_file.read_text().replace("Menilai karya ilmiah", "Menilai karya"))
    assert publish(data, tmp_path / "site").ran


def test_drawings_are_kept_on_disk_between_builds(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from sop.dataset import load
    from sop.site import parts
    from sop.site.memo import DrawingStore

    data = write_site_data(tmp_path / "data")
    first = SiteRenderer(load(data), store=DrawingStore(tmp_path / "drawings"))
    pages = {p.url: p.source for p in first.pages()}
    drawn: list[str] = []
    real = parts.flowchart_svgs
    monkeypatch.setattr(parts, "flowchart_svgs", lambda sop, *a: drawn.append(sop.id) or
                        real(sop, *a))
    sop_file = data / "sop" / "penerbitan-sk-lektor.yaml"
    sop_file.write_text(sop_file.read_text().replace("Menilai karya ilmiah", "Menilai karya"))
    second = SiteRenderer(load(data), store=DrawingStore(tmp_path / "drawings"))
    again = {p.url: p.source for p in second.pages()}
    assert drawn == ["penerbitan-sk-lektor"]  # only the changed SOP is drawn again
    assert again["sop/pengangkatan-pertama/"] == pages["sop/pengangkatan-pertama/"]


def test_serve_shows_problems_and_hidden_drafts(tmp_path: Path) -> None:
    """sop serve's source: a broken save keeps the last pages and puts the problems in the
    status the overlay reads; the next good save clears them; hidden drafts are named."""
    import json

    from sop.site.preview import STATUS, Preview

    data = write_site_data(tmp_path / "data")
    preview = Preview(data, engines.get("mkdocs"), tmp_path / "work", drafts=False)
    preview.refresh()
    docs = tmp_path / "work" / "docs"
    status = json.loads((docs / STATUS).read_text(encoding="utf-8"))
    assert status == {"problems": "", "drafts": []}
    page = (docs / "sop" / "penerbitan-sk-lektor.md").read_bytes()
    sop_file = data / "sop" / "penerbitan-sk-lektor.yaml"
    good = sop_file.read_text()
    sop_file.write_text(good.replace("unit: biro-aupk", "unit: biro-aupkk"))
    preview.refresh()
    status = json.loads((docs / STATUS).read_text(encoding="utf-8"))
    assert "penerbitan-sk-lektor.yaml" in status["problems"] and "biro-aupkk" in status["problems"]
    assert (docs / "sop" / "penerbitan-sk-lektor.md").read_bytes() == page  # last good page
    sop_file.write_text(good.replace("keputusan: kr-869-2022",
                                     "keputusan: kr-869-2022\nstatus: draft"))
    preview.refresh()
    status = json.loads((docs / STATUS).read_text(encoding="utf-8"))
    assert status["problems"] == ""
    assert status["drafts"] == ["penerbitan-sk-lektor: Penerbitan SK Jabatan dan SK PAK Jenjang "
                                "Lektor"]
    assert not (docs / "sop" / "penerbitan-sk-lektor.md").exists()  # hidden: a draft
    assert (docs / "_sop" / "sop-serve.js").is_file()
