"""Building every PDF of a data set: outputs, the content-hash cache, atomic writes, errors."""

from __future__ import annotations

import concurrent.futures as cf
import datetime as dt
import io
import os
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from pdf_fixtures import small_dataset_files, write_files

from sop.atomic import write_bytes
from sop.dataset import load
from sop.errors import BuildError
from sop.pdf import build as pdf_build
from sop.pdf import procs
from sop.pdf import writer as pdf_writer
from sop.pdf.build import _pooled, _Work, build_all, default_build_date, plan

SITE = "https://sop.example.ac.id"
DAY = dt.date(2024, 5, 2)
ALL = {
    "sop/penilaian-angka-kredit.pdf",
    "sop/penilaian-angka-kredit-resmi.pdf",
    "sop/cuti-dosen.pdf",
    "sop/cuti-dosen-resmi.pdf",
    "keputusan/kr-869-2022.pdf",
    "keputusan/kr-870-2022.pdf",
    "sop/penilaian-angka-kredit/v1.pdf",
    "sop/penilaian-angka-kredit/v1-resmi.pdf",
    "sop/cuti-dosen/v1.pdf",
    "sop/cuti-dosen/v1-resmi.pdf",
}


def _rel(paths: list[Path], out: Path) -> set[str]:
    return {p.relative_to(out).as_posix() for p in paths}


def _pdfs(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()
    }


def test_build_renders_changed_pdfs_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_files(tmp_path / "data", small_dataset_files())
    out, cache = tmp_path / "site" / "pdf", tmp_path / "cache"
    calls: list[tuple[int, int, str]] = []

    # 1. First build, in two worker processes: everything is rendered.
    first = build_all(
        load(root),
        out,
        site_url=SITE,
        cache_dir=cache,
        jobs=2,
        build_date=DAY,
        progress=lambda done, total, name: calls.append((done, total, name)),
    )
    assert _rel(first.built, out) == ALL and first.skipped == []
    produced = _pdfs(out)
    assert set(produced) == ALL  # and nothing else: no temporary files left behind
    assert all(
        pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF") for pdf in produced.values()
    )
    assert [c[:2] for c in calls] == [(n, len(ALL)) for n in range(1, len(ALL) + 1)]
    assert {c[2] for c in calls} == ALL

    # 2. Nothing changed: nothing is rendered (the renderer would fail if called).
    def no_render(*args: object) -> str:
        raise AssertionError("rendered although nothing changed")

    monkeypatch.setattr(pdf_build, "_render", no_render)
    monkeypatch.setattr(pdf_build, "plan", no_render)  # same inputs: not even planned again
    again = build_all(load(root), out, site_url=SITE, cache_dir=cache, jobs=1, build_date=DAY)
    assert again.built == [] and _rel(again.skipped, out) == ALL

    # 3. A fresh site folder gets the cached PDFs, byte for byte.
    fresh = tmp_path / "site2" / "pdf"
    copied = build_all(load(root), fresh, site_url=SITE, cache_dir=cache, jobs=1, build_date=DAY)
    assert copied.built == [] and _pdfs(fresh) == produced
    monkeypatch.undo()

    # 4. One SOP changed: only its two copies and its decree's book are rendered again.
    path = root / "sop" / "cuti-dosen.yaml"
    sop = yaml.safe_load(path.read_text(encoding="utf-8"))
    sop["deskripsi"] = "Dosen mengajukan cuti tahunan melalui aplikasi."
    path.write_text(yaml.safe_dump(sop, allow_unicode=True), encoding="utf-8")
    read_back: list[Path | io.BytesIO] = []
    count = pdf_build._page_count

    def counted(pdf: Path | io.BytesIO) -> int:
        read_back.append(pdf)
        return count(pdf)

    monkeypatch.setattr(pdf_build, "_page_count", counted)
    changed = build_all(load(root), out, site_url=SITE, cache_dir=cache, jobs=1, build_date=DAY)
    # page counts for the books: the worker reports the copy it made (in memory), only the
    # copy taken from the cache is read
    files = [pdf.parent.name for pdf in read_back if isinstance(pdf, Path)]
    assert files == ["penilaian-angka-kredit-resmi"] and len(read_back) == 2
    assert _rel(changed.built, out) == {
        "sop/cuti-dosen.pdf",
        "sop/cuti-dosen-resmi.pdf",
        "sop/cuti-dosen/v1.pdf",
        "sop/cuti-dosen/v1-resmi.pdf",
        "keputusan/kr-870-2022.pdf",
    }
    assert _rel(changed.skipped, out) == ALL - _rel(changed.built, out)
    after = _pdfs(out)
    assert after["sop/cuti-dosen.pdf"] != produced["sop/cuti-dosen.pdf"]
    assert after["sop/cuti-dosen/v1.pdf"] == after["sop/cuti-dosen.pdf"]
    assert after["keputusan/kr-869-2022.pdf"] == produced["keputusan/kr-869-2022.pdf"]
    # the cache keeps one version per PDF
    assert len(list((cache / "sop" / "cuti-dosen").glob("*.pdf"))) == 1


def _book_texts(pdf: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_book_pages_are_laid_out_again_only_when_page_counts_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A decree book's own pages render beside the SOPs, with the page counts the copies have
    when no sheet runs over; an edit that keeps every page count only joins the book again,
    and a copy that turns out longer lays the own pages out again with the real count."""
    root = write_files(tmp_path / "data", small_dataset_files())
    out, cache = tmp_path / "site" / "pdf", tmp_path / "cache"
    laid_out: list[str] = []  # the books whose own pages WeasyPrint laid out
    real = pdf_writer.html_to_pdf

    def noted(html: str) -> bytes:
        if 'class="daftar-isi"' in html:
            laid_out.append("kr-870" if "cuti dosen" in html.lower() else "kr-869")
        return real(html)

    def build() -> list[str]:
        """Build (here, where the renderer is patched); the books whose own pages were laid
        out."""
        laid_out.clear()
        report = build_all(load(root), out, site_url=SITE, cache_dir=cache, jobs=1,
                           build_date=DAY)
        assert "keputusan/kr-870-2022.pdf" in _rel(report.built, out)
        return sorted(laid_out)

    def edit(change: Callable[[dict[str, Any]], None]) -> None:
        path = root / "sop" / "cuti-dosen.yaml"
        sop = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(sop)
        path.write_text(yaml.safe_dump(sop, allow_unicode=True), encoding="utf-8")

    def total_pages_printed(book: str) -> tuple[int, list[str]]:
        texts = _book_texts((out / "keputusan" / f"{book}.pdf").read_bytes())
        return len(texts), texts

    monkeypatch.setattr(pdf_writer, "html_to_pdf", noted)
    assert build() == ["kr-869", "kr-870"]  # once each: the expected counts held

    # A step reworded: same page counts, so the book is only joined again.
    edit(lambda sop: sop["steps"][0].update(kegiatan="Dosen mengisi formulir cuti daring"))
    assert build() == []
    count, texts = total_pages_printed("kr-870-2022")
    assert "Dosen mengisi formulir cuti daring" in " ".join(texts)

    # The identity sheet runs over onto more pages: in a cold build the book's own pages are
    # laid out with the expected count first, then again with the real one.
    many = [f"Mampu menjalankan tugas administrasi kepegawaian nomor {n}" for n in range(60)]
    edit(lambda sop: sop.update(kualifikasi=many))
    shutil.rmtree(cache)
    assert build() == ["kr-869", "kr-870", "kr-870"]
    count, texts = total_pages_printed("kr-870-2022")
    assert f"Halaman 1 dari {count}" in texts[0]  # the book's own numbers hold the real count
    assert f"Halaman {count} dari {count}" in texts[-1]


def test_a_books_own_pages_go_ahead_of_the_sop_that_completes_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The own pages take longer than most SOPs: queued after the last SOP, they would keep one
    worker busy while the others wait. Here (one worker) the order is the queue's."""
    root = write_files(tmp_path / "data", small_dataset_files())
    titles: list[str] = []
    real = pdf_writer.html_to_pdf

    def noted(html: str) -> bytes:
        title = re.search(r"<title>(.*?)</title>", html, re.S)
        assert title is not None
        titles.append(title[1].split(" tentang")[0])
        return real(html)

    monkeypatch.setattr(pdf_writer, "html_to_pdf", noted)
    build_all(load(root), tmp_path / "out", site_url=SITE, cache_dir=tmp_path / "cache", jobs=1,
              build_date=DAY)
    assert titles == [
        "Keputusan Rektor Nomor 869 Tahun 2022",  # its lampiran: penilaian-angka-kredit
        "SOP Penilaian Angka Kredit Dosen",
        "Keputusan Rektor Nomor 870 Tahun 2022",  # its lampiran: cuti-dosen
        "SOP Cuti Dosen",
    ]


def test_work_marked_first_goes_ahead_of_the_work_waiting_for_a_worker() -> None:
    """A book's own pages can only be planned after its last SOP. Sent in planning order, they
    would start after every SOP planned before them, one worker left to do them alone at the
    end; they go ahead of the work still waiting instead."""
    started: list[str] = []
    planned_all = threading.Event()

    def call(name: str) -> dict[str, int]:
        if name == "sop-1":  # the workers are busy until the pages are planned
            assert planned_all.wait(10)
        started.append(name)
        return {}

    def works() -> Iterator[_Work]:
        for name in ("sop-1", "sop-2", "sop-3"):
            yield _Work(name, (), call, (name,))
        planned_all.set()
        yield _Work("halaman", (), call, ("halaman",), first=True)

    with cf.ThreadPoolExecutor(max_workers=1) as pool:
        done = [work.name for work, _ in _pooled(pool, works(), jobs=1)]
    assert started == done == ["sop-1", "sop-2", "halaman", "sop-3"]


def test_plan_goes_on_after_the_jobs_planned_ahead(tmp_path: Path) -> None:
    """A helper process plans the first jobs while the renderers load; the plan then takes them
    as they are and goes on with the next."""
    data = load(write_files(tmp_path / "data", small_dataset_files()))
    every = list(plan(data, SITE, DAY))
    first = pdf_build._first_jobs(data, SITE, DAY, 1)
    assert first == every[:1] and len(every) > 1
    again = list(plan(data, SITE, DAY, first))
    assert again == every and again[0] is first[0]


def test_a_forked_helper_gives_its_answer_or_its_error() -> None:
    big = "x" * 1_000_000  # inherited by the fork, not sent; the answer is more than a pipe holds
    assert procs.in_child(lambda: big + "y")() == big + "y"

    def fails() -> None:
        raise BuildError("no fonts")

    with pytest.raises(BuildError, match="no fonts"):
        procs.in_child(fails)()
    with pytest.raises(BuildError, match=r"the PDF helper process died \(exit 3\)"):
        procs.in_child(lambda: os._exit(3))()


def test_cache_key_covers_copy_kind_date_and_site(tmp_path: Path) -> None:
    data = load(write_files(tmp_path / "data", small_dataset_files()))

    def keys(site: str, day: dt.date) -> dict[str, str]:
        return {out.rel: out.key for job in plan(data, site, day) for out in job.outputs}

    base = keys(SITE, DAY)
    assert len(set(base.values())) == len(base)  # unduhan and resmi copies differ
    assert base == keys(SITE, DAY)  # stable
    other_day = keys(SITE, DAY + dt.timedelta(days=1))
    other_site = keys("https://lain.example", DAY)
    for rel in base:
        dated = rel.startswith("sop/") and "resmi" not in rel  # only the downloadable copy
        assert (other_day[rel] != base[rel]) is dated, rel
    assert other_site["sop/cuti-dosen.pdf"] != base["sop/cuti-dosen.pdf"]


@pytest.mark.parametrize(
    ("failing", "named"),
    [
        ("<title>SOP Penilaian Angka Kredit", "sop/penilaian-angka-kredit-resmi.pdf"),
        ('class="daftar-isi"', "keputusan/kr-869-2022.pdf"),  # a book's own pages
    ],
)
def test_render_failure_names_the_pdf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str, named: str
) -> None:
    data = load(write_files(tmp_path / "data", small_dataset_files()))
    real = pdf_writer.html_to_pdf

    def broken(html: str) -> bytes:
        if failing in html:
            raise RuntimeError("boom")
        return real(html)

    monkeypatch.setattr(pdf_writer, "html_to_pdf", broken)
    with pytest.raises(BuildError, match=rf"could not render PDF {re.escape(named)}: "
                                         r"RuntimeError: boom"):
        build_all(
            data, tmp_path / "out", site_url=SITE, cache_dir=tmp_path / "c", jobs=1, build_date=DAY
        )


def test_write_bytes_replaces_whole_file_or_leaves_the_old_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a" / "x.pdf"
    write_bytes(target, b"old")
    assert target.read_bytes() == b"old" and oct(target.stat().st_mode & 0o777) == "0o644"

    def fail(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        write_bytes(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in target.parent.iterdir()] == ["x.pdf"]


def test_build_date_comes_from_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1661126400")  # 2022-08-22 00:00 UTC
    assert default_build_date() == dt.date(2022, 8, 22)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "kemarin")
    with pytest.raises(BuildError, match="SOURCE_DATE_EPOCH='kemarin' is not a Unix timestamp"):
        default_build_date()
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert default_build_date() == dt.date.today()


def test_next_day_rerenders_only_the_dated_downloadable_copies(tmp_path: Path) -> None:
    """The official copies and the decree books do not depend on the day they are built."""
    root = write_files(tmp_path / "data", small_dataset_files())
    out, cache = tmp_path / "site" / "pdf", tmp_path / "cache"
    build_all(load(root), out, site_url=SITE, cache_dir=cache, jobs=1, build_date=DAY)
    official = {k: v for k, v in _pdfs(out).items() if "resmi" in k or k.startswith("keputusan")}
    later = build_all(
        load(root),
        out,
        site_url=SITE,
        cache_dir=cache,
        jobs=1,
        build_date=DAY + dt.timedelta(days=1),
    )
    assert _rel(later.built, out) == {p for p in ALL if "resmi" not in p and "sop/" in p}
    assert {k: v for k, v in _pdfs(out).items() if k in official} == official


def test_inputs_digest_covers_data_logo_and_options(tmp_path: Path) -> None:
    """The 'nothing changed' fast path must notice any change that shows in a PDF."""
    root = write_files(tmp_path / "data", small_dataset_files())
    base = pdf_build.inputs_digest(load(root), SITE, DAY)
    assert pdf_build.inputs_digest(load(root), SITE, DAY) == base
    assert pdf_build.inputs_digest(load(root), "https://lain.example", DAY) != base
    assert pdf_build.inputs_digest(load(root), SITE, DAY + dt.timedelta(days=1)) != base
    logo = root / "aset" / "logo.svg"
    logo.write_text(logo.read_text(encoding="utf-8").replace("#d4a017", "#000000"),
                    encoding="utf-8")
    assert pdf_build.inputs_digest(load(root), SITE, DAY) != base
    changed = pdf_build.inputs_digest(load(root), SITE, DAY)
    path = root / "sop" / "cuti-dosen.yaml"
    sop = yaml.safe_load(path.read_text(encoding="utf-8"))
    sop["steps"][0]["kegiatan"] += " segera"
    path.write_text(yaml.safe_dump(sop, allow_unicode=True), encoding="utf-8")
    assert pdf_build.inputs_digest(load(root), SITE, DAY) != changed
