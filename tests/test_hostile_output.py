"""What reaches an output (issue 23.1 and 23.3): the site's address, control characters and
decrees before signing. Every value that becomes a URL or markup is checked before any output,
every XML output parses, and what `sop check` accepts, `sop build` builds."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import INSTITUSI, KEPUTUSAN, SOP, MakeData
from test_bad_input import I, S, check

from sop.cli import main

HOSTILE_ADDRESSES = [
    'https://sop.contoh.ac.id/"><script>alert(1)</script>',
    "https://sop.contoh.ac.id/'onmouseover='alert(1)",
    "https://sop.contoh.ac.id/a b",
    "https://sop.contoh.ac.id/?a=1&b=<2>",
    "javascript://sop.contoh.ac.id/%0aalert(1)",
    "https://sop.contoh.ac.id/\\x",
]


@pytest.mark.parametrize("address", HOSTILE_ADDRESSES)
def test_a_hostile_site_address_is_refused_by_check(address: str, make_data: MakeData,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    quoted = address.replace("\\", "\\\\").replace('"', '\\"')
    make_data({"institusi.yaml": f'situs: "{quoted}"\n' + INSTITUSI})
    code, lines = check(capsys)
    assert code == 1
    assert lines[0].startswith(f"{I}:1: situs: '{address}' bukan alamat web (seharusnya "
                               "diawali https://")


@pytest.mark.parametrize("address", HOSTILE_ADDRESSES[:2])
def test_a_hostile_site_url_is_refused_by_build_and_pdf(
        address: str, make_data: MakeData, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    make_data()
    monkeypatch.setenv("SITE_URL", address)
    monkeypatch.setenv("SOP_SKIP_PDF", "1")
    assert main(["build", "--data", "data", "--site", "site"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"kesalahan: SITE_URL: '{address}' bukan alamat web")
    assert not Path("site").exists()
    monkeypatch.delenv("SITE_URL")
    assert main(["pdf", "contoh", "--data", "data", "--site-url", address]) == 1
    assert capsys.readouterr().err.startswith(f"kesalahan: --site-url: '{address}' bukan alamat")


def test_the_address_reaches_every_page_and_xml_output_intact(
        make_data: MakeData, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without SITE_URL the institution's situs is the address: canonical links, the 404 page,
    the sitemap and the feed carry it as written, and every XML output parses."""
    address = "https://sop.contoh.ac.id/(arsip)/"
    make_data({"institusi.yaml": f"situs: {address}\n" + INSTITUSI})
    monkeypatch.delenv("SITE_URL", raising=False)
    monkeypatch.setenv("SOP_SKIP_PDF", "1")
    assert main(["build", "--data", "data", "--site", "site"]) == 0
    site = Path("site")
    pages = list(site.rglob("*.html"))
    assert (site / "404.html") in pages
    canonical = 0
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "<script>alert" not in text
        if 'rel="canonical"' in text:
            assert f'rel="canonical" href="{address}' in text, page
            canonical += 1
    assert canonical >= len(pages) - 1  # every page but the 404 page
    assert '"/(arsip)/' in (site / "404.html").read_text(encoding="utf-8")  # its base path
    xml_files = [*site.rglob("*.xml"), *site.rglob("*.svg")]
    assert {p.name for p in xml_files} >= {"feed.xml", "sitemap.xml"}
    for path in xml_files:
        ET.parse(path)  # well-formed, or the test fails here
    assert address in (site / "sitemap.xml").read_text(encoding="utf-8")


def test_every_xml_output_of_the_hostile_data_set_parses(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Markup, entities, CDATA ends and Arabic in every free-text field: the feed, the sitemap
    and every SVG stay well-formed XML (the PDFs are checked in tests/test_hostile_build.py)."""
    from hostile_data import write_hostile_dataset

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOP_SKIP_PDF", "1")
    write_hostile_dataset(tmp_path / "data")
    assert main(["build", "--data", "data", "--site", "site"]) == 0
    files = [*Path("site").rglob("*.xml"), *Path("site").rglob("*.svg")]
    assert {p.name for p in files} >= {"feed.xml", "sitemap.xml"}
    for path in files:
        ET.parse(path)
    feed = ET.parse("site/perubahan/feed.xml").getroot()
    assert "<script>window.__pwned=1</script>" in ET.tostring(feed, encoding="unicode").replace(
        "&lt;", "<").replace("&gt;", ">")


# --------------------------------------------------------------------------- control characters


@pytest.mark.parametrize(("escape", "code"), [
    ("\\x1b[2J\\x1b[31m", "001B"), ("\\x07", "0007"), ("\\x00", "0000"), ("\\x85", "0085"),
    ("\\x7f", "007F"), ("\\uFFFE", "FFFE"), ("\\x0c", "000C"),
])
def test_control_characters_are_refused_with_their_code(
        escape: str, code: str, make_data: MakeData, capsys: pytest.CaptureFixture[str]) -> None:
    make_data({"sop/contoh.yaml": SOP.replace("judul: Layanan Contoh",
                                              f'judul: "Layanan{escape} Contoh"')})
    code_, lines = check(capsys)
    assert (code_, lines[0]) == (1, f"{S}:3: judul: memuat karakter kendali U+{code}, yang "
                                    "tidak dapat tampil di halaman atau PDF; hapus (biasanya "
                                    "terbawa saat menempel teks dari program lain)")


def test_nothing_from_the_data_drives_the_terminal(make_data: MakeData,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """File names and values are printed with their control characters as visible escapes."""
    root = make_data()
    (root / "sop" / "x\x1b[2Jy.yaml").write_text("id: [\n")
    code = main(["check", "--data", "data"])
    out = capsys.readouterr()
    assert code == 1
    assert "\x1b" not in out.err + out.out
    assert "data/sop/x\\x1b[2Jy.yaml:" in out.err


def test_due_list_prints_no_escape(make_data: MakeData,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    """`sop check --due` prints titles raw: they can hold no control character (refused at
    load), and its output goes through the same neutralised streams."""
    make_data({"sop/contoh.yaml": SOP.replace("judul: Layanan Contoh",
                                              "judul: Layanan \u202eContoh")
               + "tinjau_berikutnya: 2024-01-01\n"})
    assert main(["check", "--data", "data", "--due", "--today", "2024-06-01"]) == 1
    out = capsys.readouterr().out
    assert "TERLAMBAT 2024-01-01  contoh  SOP/01/2024  Layanan \u202eContoh" in out


# --------------------------------------------------------------------------- check => build

NEW_DECREE = KEPUTUSAN.replace("id: kr-1-2024", "id: kr-2-2025").replace(
    'nomor: "1"', 'nomor: "2"').replace("  - contoh", "  - baru")
NEW_SOP = SOP.replace("id: contoh", "id: baru").replace("keputusan: kr-1-2024",
                                                       "keputusan: kr-2-2025").replace(
    "nomor: SOP/01/2024", "nomor: SOP/02/2025\nstatus: draft")


@pytest.mark.slow
def test_a_new_decree_whose_sops_are_all_drafts_builds(make_data: MakeData,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The normal state before signing: the public site leaves the decree out until one of its
    SOPs is in force; the preview shows it."""
    make_data({"keputusan/kr-2-2025.yaml": NEW_DECREE, "sop/baru.yaml": NEW_SOP})
    monkeypatch.delenv("SOP_SKIP_PDF", raising=False)
    assert main(["check", "--data", "data"]) == 0
    assert main(["build", "--data", "data", "--site", "site"]) == 0
    assert not Path("site/keputusan/kr-2-2025").exists()
    assert Path("site/pdf/keputusan/kr-1-2024.pdf").is_file()
    monkeypatch.setenv("SOP_SKIP_PDF", "1")
    assert main(["build", "--drafts", "--data", "data", "--site", "preview"]) == 0
    assert Path("preview/keputusan/kr-2-2025/index.html").is_file()
