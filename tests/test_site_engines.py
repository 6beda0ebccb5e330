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


def _dirty_build(config: Path, site: Path) -> None:
    """What `sop serve`'s MkDocs does on each change: a dirty rebuild into its site folder."""
    from mkdocs.commands.build import build as mkdocs_build

    from sop.site.engines.mkdocs import _load

    mkdocs_build(_load(config, site_dir=str(site)), dirty=True)


def test_serve_shows_an_edited_title_when_mkdocs_rebuilds_mid_refresh(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """sop serve under MkDocs: the engine rebuilds as soon as the edited SOP's page is written
    (before the lists and indexes), and a dirty rebuild never renders that page again. Its
    heading, its tab title and its menu entry must still show the new title."""
    from sop.site import preview as preview_module

    data = write_site_data(tmp_path / "data")
    site = tmp_path / "site"
    preview = preview_module.Preview(data, engines.get("mkdocs"), tmp_path / "work", False)
    preview.refresh()
    assert preview.config is not None
    _dirty_build(preview.config, site)
    sop_file = data / "sop" / "penerbitan-sk-lektor.yaml"
    sop_file.write_text(sop_file.read_text().replace(
        "judul: Penerbitan SK Jabatan", "judul: Penerbitan Baru SK Jabatan"))
    written = preview_module.write_pages

    def write_then_rebuild(pages: object, folder: Path) -> list[str]:
        done = written(pages, folder)  # type: ignore[arg-type]
        _dirty_build(folder.parent / "mkdocs.yml", site)  # the watcher fires right now
        return done

    monkeypatch.setattr(preview_module, "write_pages", write_then_rebuild)
    preview.refresh()
    _dirty_build(preview.config, site)  # and again on the rest of the source
    page = (site / "sop" / "penerbitan-sk-lektor" / "index.html").read_text(encoding="utf-8")
    new = "Penerbitan Baru SK Jabatan dan SK PAK Jenjang Lektor"
    assert re.search(rf"<title>{new} - ", page)
    assert re.search(rf'<h1 id="judul">{new}', page)
    assert re.search(rf'md-nav__link--active"[^>]*>\s*(<[^>]+>\s*)*{new}', page)


def test_serve_writes_the_source_at_once_under_its_lock(tmp_path: Path) -> None:
    """sop serve renders every page first and writes the changed files only while it holds
    the lock the engine's rebuild takes: an engine never reads a half-written source."""
    from sop.dataset import load

    data = write_site_data(tmp_path / "data")
    folder = tmp_path / "docs"
    write_source(SiteRenderer(load(data)), folder, "http://127.0.0.1:8000/")
    sop_file = data / "sop" / "penerbitan-sk-lektor.yaml"
    sop_file.write_text(sop_file.read_text().replace("Menilai karya ilmiah", "Menilai karya"))

    def state() -> dict[str, bytes]:
        return {p.relative_to(folder).as_posix(): p.read_bytes()
                for p in folder.rglob("*") if p.is_file()}

    class Lock:
        held = False

        def __enter__(self) -> None:
            self.at_entry = state()
            self.held = True

        def __exit__(self, *exc: object) -> None:
            self.held = False

    lock, before = Lock(), state()
    source = write_source(SiteRenderer(load(data)), folder, "http://127.0.0.1:8000/", lock=lock)
    assert lock.at_entry == before  # nothing written before the lock was taken
    assert lock.at_entry != state()  # and the edit written while it was held
    assert "sop/penerbitan-sk-lektor.md" in source.written
    page = (folder / "sop" / "penerbitan-sk-lektor.md").read_text(encoding="utf-8")
    assert "Menilai karya" in page and "Menilai karya ilmiah" not in page
