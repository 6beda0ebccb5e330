"""The site core without MkDocs: total time, links, escaping, indexes, pages, field reference."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml
from site_fixtures import write_site_data

from sop.dataset import DataSet, load
from sop.model import Sop
from sop.site import fieldref, urls
from sop.site.indexes import build_indexes, normalise
from sop.site.pages import Options, SiteRenderer, fence_for
from sop.site.render import md_text, safe_href
from sop.site.timing import summarize


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> DataSet:
    return load(write_site_data(tmp_path_factory.mktemp("data")))


def make_sop(times: list[tuple[float, str] | None], branches: dict[int, list[int]] | None = None,
             ) -> Sop:
    """An SOP with one step per entry of `times`; `branches` turns a step into a decision."""
    steps: list[dict[str, Any]] = []
    for n, waktu in enumerate(times, start=1):
        step: dict[str, Any] = {"no": n, "kegiatan": f"Langkah {n}", "pelaksana": "a"}
        if waktu:
            step["waktu"] = {"nilai": waktu[0], "unit": waktu[1]}
        if branches and n in branches:
            step["cabang"] = [{"label": f"L{t}", "ke": t} for t in branches[n]]
        steps.append(step)
    return Sop.model_validate({
        "id": "x", "nomor": "1", "judul": "X", "unit": "u",
        "tanggal": {"pembuatan": "2024-01-01"},
        "pengesahan": {"jabatan": "Rektor", "nama": "N"},
        "pelaksana": ["a"], "steps": steps})


# --------------------------------------------------------------------------- total time

@pytest.mark.parametrize(("times", "expected"), [
    ([(15, "menit"), (2, "jam"), (5, "jam"), (10, "menit")], "±7 jam 25 menit"),
    ([(45, "menit"), (30, "menit")], "±1 jam 15 menit"),
    ([(2, "hari"), (1, "jam")], "±2 hari + 1 jam"),
    ([(1, "hari kerja"), (2, "hari"), (1, "jam")], "±1 hari kerja + 2 hari + 1 jam"),
    ([(1, "bulan"), (2, "minggu"), (30, "menit")], "±1 bulan + 2 minggu + 30 menit"),
    ([(1.5, "jam"), (0.5, "hari")], "±0,5 hari + 1 jam 30 menit"),
    ([(120, "menit"), None], "±2 jam"),
    ([None, None], "tidak ditetapkan"),
])
def test_total_time_converts_minutes_and_hours_and_keeps_calendar_units(
        times: list[tuple[float, str] | None], expected: str) -> None:
    assert summarize(make_sop(times)).text() == expected


def test_total_time_follows_the_main_path_only() -> None:
    # step 2 decides: first branch to 4 (main path), second to 3 (a 1-day detour)
    sop = make_sop([(10, "menit"), (20, "menit"), (1, "hari"), (30, "menit")],
                   branches={2: [4, 3]})
    summary = summarize(sop)
    assert summary.text() == "±1 jam"
    assert (summary.main_steps, summary.steps, summary.untimed) == (3, 4, 0)


def test_untimed_main_steps_are_counted() -> None:
    summary = summarize(make_sop([(10, "menit"), None, None]))
    assert summary.untimed == 2


# --------------------------------------------------------------------------- urls, escaping

@pytest.mark.parametrize(("target", "base", "expected"), [
    ("katalog/", "sop/x/", "../../katalog/"),
    ("", "sop/x/", "../../"),
    ("persyaratan/#syarat-a", "sop/x/", "../../persyaratan/#syarat-a"),
    ("sop/x/#langkah-2", "sop/x/", "#langkah-2"),
    ("sop/y/", "sop/x/", "../y/"),
    ("pdf/sop/x.pdf", "sop/x/", "../../pdf/sop/x.pdf"),
    ("sop/x/", "", "sop/x/"),
    ("", "", "./"),
    ("unit/a/", "unit/", "a/"),
])
def test_relative_links(target: str, base: str, expected: str) -> None:
    assert urls.relative(target, base) == expected


def test_md_text_leaves_no_markdown_or_html_active() -> None:
    text = md_text("<b>x</b> *y* _z_ [a](b) {: #id } `c` &amp; {{ v }} #h")
    assert not set("<>*_[](){}`#") & set(text.replace("&#", "").replace(";", ""))
    import html
    assert html.unescape(text) == "<b>x</b> *y* _z_ [a](b) {: #id } `c` &amp; {{ v }} #h"


@pytest.mark.parametrize(("href", "allowed"), [
    ("https://peraturan.go.id/x", True), ("http://a.b/c?d=1", True),
    ("javascript:alert(1)", False), ("data:text/html,x", False), ("//evil.example", False),
    (None, False), ("", False),
])
def test_only_http_links_from_data_are_linked(href: str | None, allowed: bool) -> None:
    assert (safe_href(href) is not None) == allowed


def test_fence_is_longer_than_any_backtick_run() -> None:
    assert fence_for("a ``` b") == "````"
    assert fence_for("plain") == "```"


# --------------------------------------------------------------------------- indexes

def test_requirement_index_merges_spelling_variants_and_lists_requiring_sops(
        data: DataSet) -> None:
    ix = build_indexes(data)
    turnitin = ix.requirements[normalise("Cek Turnitin /plagiasi")]
    assert normalise("Cek Turnitin / plagiasi") == normalise("cek turnitin/plagiasi ")
    assert [s.id for s in turnitin.sops] == ["pengangkatan-pertama", "penerbitan-sk-lektor"]
    nested = ix.requirements[normalise("Surat Pernyataan Melaksanakan Penelitian")]
    assert [s.id for s in nested.sops] == ["pengangkatan-pertama"]


def test_checklist_keeps_nesting_and_stable_keys(data: DataSet) -> None:
    items = build_indexes(data).checklists["pengangkatan-pertama"]
    assert [i.text for i in items[1].children] == [
        "Surat Pernyataan Melaksanakan Pengajaran", "Surat Pernyataan Melaksanakan Penelitian"]
    keys = [i.key for i in items] + [c.key for c in items[1].children]
    assert len(set(keys)) == len(keys)
    assert items[1].children[0].key.startswith("2.1-")


def test_actor_index_lists_steps_across_sops_including_joint_steps(data: DataSet) -> None:
    ix = build_indexes(data)
    penilai = [(s.id, step.no) for s, step in ix.actors["tim-penilai"].steps]
    assert penilai == [("pengangkatan-pertama", 3), ("penerbitan-sk-lektor", 2)]
    wr3 = [(s.id, step.no) for s, step in ix.actors["wakil-rektor-3"].steps]
    assert wr3 == [("layanan-kemahasiswaan", 3)]


def test_citations_and_backlinks(data: DataSet) -> None:
    ix = build_indexes(data)
    cited = ix.citations["permenpan-17-2013"]
    assert [s.id for s in cited.sops] == ["pengangkatan-pertama", "penerbitan-sk-lektor"]
    assert [d.id for d in cited.decrees] == ["kr-869-2022"]
    assert [s.id for s in ix.referenced_by["penerbitan-sk-lektor"]] == ["pengangkatan-pertama"]
    assert ix.referenced_by["pengangkatan-pertama"] == []


# --------------------------------------------------------------------------- pages

def front_matter(markdown: str) -> dict[str, Any]:
    _, front, _ = markdown.split("---\n", 2)
    return yaml.safe_load(front)


def test_every_sop_and_decree_gets_a_page_that_macros_never_render(data: DataSet) -> None:
    pages = {p.url: p for p in SiteRenderer(data).pages()}
    for sid in data.sops:
        assert f"sop/{sid}/" in pages
    assert "keputusan/kr-869-2022/" in pages
    for page in pages.values():
        assert front_matter(page.markdown)["render_macros"] is False, page.url
    assert {"", "katalog/", "persyaratan/", "pelaksana/", "dasar-hukum/", "unit/"} <= set(pages)


def test_sop_page_escapes_jinja_and_links_pdfs_only_when_built(data: DataSet) -> None:
    sop = data.sops["penerbitan-sk-lektor"]
    with_pdf = SiteRenderer(data, Options(pdf_links=True)).sop_page(sop)
    assert "{{ nama_dosen }}" in with_pdf.markdown  # text, left for Markdown (macros are off)
    assert "pdf/sop/penerbitan-sk-lektor.pdf" in with_pdf.markdown
    without = SiteRenderer(data, Options(pdf_links=False)).sop_page(sop)
    assert "pdf/sop/" not in without.markdown


def test_nav_groups_sops_under_their_unit(data: DataSet) -> None:
    nav = SiteRenderer(data).nav(extra=[{"Panduan": ["panduan/index.md"]}])
    units = next(e["SOP per unit"] for e in nav if "SOP per unit" in e)
    assert units[0] == {"SOP per unit": "unit/index.md"}
    name = "Biro Administrasi Umum, Perencanaan dan Keuangan"
    biro = units[1][name]
    # every entry titled: a dirty rebuild (sop serve) does not read the unchanged pages
    assert biro == [{name: "unit/biro-aupk/index.md"},
                    {"Pengusulan Pengangkatan Pertama Jabatan Dosen Jenjang Asisten Ahli dan "
                     "Lektor": "sop/pengangkatan-pertama.md"},
                    {"Penerbitan SK Jabatan dan SK PAK Jenjang Lektor":
                     "sop/penerbitan-sk-lektor.md"}]
    assert nav[-1] == {"Panduan": ["panduan/index.md"]}


# --------------------------------------------------------------------------- field reference

def test_field_reference_follows_the_schema() -> None:
    tables = fieldref.tables("sop")
    top = {row.key: row for row in tables[0].rows}
    from sop.model import Sop as SopModel
    assert list(top) == list(SopModel.model_fields)
    assert top["steps"].required and top["steps"].ref == "sop-step"
    step = next(t for t in tables if t.anchor == "sop-step")
    assert "Uraian kegiatan" in {r.key: r for r in step.rows}["kegiatan"].description
    waktu = next(t for t in tables if t.anchor == "sop-waktu")
    assert "'hari kerja'" in {r.key: r for r in waktu.rows}["unit"].kind


def test_field_reference_html_is_escaped_and_complete() -> None:
    html = str(fieldref.render("keputusan"))
    assert 'id="keputusan-berkas"' in html and "<code>lampiran</code>" in html
    assert "<code>keputusan/&lt;id&gt;.yaml</code>" in html


def test_last_change_uses_revision_history(data: DataSet) -> None:
    from sop.site.indexes import last_change, newest
    assert last_change(data.sops["pengangkatan-pertama"]) == dt.date(2023, 2, 1)
    assert newest(data)[0].id == "pengangkatan-pertama"

