"""Property (issue 23.3): whatever `sop check` accepts, `sop build` builds, PDFs included, and
every XML output of the build parses. Hypothesis varies what the bad-input suite varies one at
a time: edge numbers (tiny, huge), codes YAML would read as numbers, dates and booleans, texts
from all of Unicode (right-to-left marks, combining marks, line separators, emoji), SOPs and
whole new decrees still in draft, a decree whose SOPs are all drafts, revised versions."""

from __future__ import annotations

import contextlib
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import INSTITUSI, KEPUTUSAN, SOP
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sop.cli import main

pytestmark = pytest.mark.slow

CHARS = st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn"))
EDGE_TEXT = st.sampled_from(["\u202eterbalik", "e\u0301\u0327", "baris\u2028baru", "😀👩‍👩‍👧",
                             "مرحبا", "漢字", "x" * 300, "<b>&amp;</b>", "]]>", "'\"`"])
TEXT = st.one_of(st.text(CHARS, min_size=1, max_size=20), EDGE_TEXT).map(
    lambda t: t.replace("\\", "/")).filter(lambda t: t.strip() != "")
#: Written unquoted: YAML would read most of them as something else than the text.
PLAIN_CODES = st.sampled_from(["0050004014", "01", "1e3", "yes", "2022-08-22", "1.10", "true",
                               "007/UN3/2024", "null-x", "0x1A", "1:30"])
NUMBERS = st.sampled_from(["15", "0.001", "1e-9", "1e15", "99999999999", "2.5", ".5", "1_000",
                           ".inf"])


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@st.composite
def data_sets(draw: st.DrawFn) -> dict[str, str]:
    """The fixture data set, varied; a second decree with 1-2 new SOPs of their own status."""
    contoh = (SOP.replace("judul: Layanan Contoh", f"judul: {_quoted(draw(TEXT))}")
              .replace("nomor: SOP/01/2024", f"nomor: {draw(PLAIN_CODES)}")
              .replace("waktu: {nilai: 15,", f"waktu: {{nilai: {draw(NUMBERS)},")
              .replace("kegiatan: Memeriksa berkas", f"kegiatan: {_quoted(draw(TEXT))}"))
    if draw(st.booleans()):
        contoh = contoh.replace("judul:", "status: draft\njudul:", 1)
    files = {"sop/contoh.yaml": contoh,
             "institusi.yaml": INSTITUSI.replace("nama: Universitas Contoh",
                                                 f"nama: {_quoted(draw(TEXT))}")}
    new = [f"baru-{i}" for i in range(draw(st.integers(0, 2)))]
    for i, sid in enumerate(new):
        files[f"sop/{sid}.yaml"] = (
            SOP.replace("id: contoh", f"id: {sid}")
            .replace("keputusan: kr-1-2024", "keputusan: kr-2-2025")
            .replace("nomor: SOP/01/2024", f"nomor: SOP/1{i}/2025")
            .replace("judul:", f"status: {draw(st.sampled_from(['draft', 'berlaku']))}\njudul:"))
    if new:
        files["keputusan/kr-2-2025.yaml"] = (
            KEPUTUSAN.replace("id: kr-1-2024", "id: kr-2-2025").replace('nomor: "1"', "nomor: 2")
            .replace("  - contoh\n", "".join(f"  - {sid}\n" for sid in new)))
    return files


def _write(root: Path, files: dict[str, str]) -> None:
    from conftest import VALID_FILES

    for rel, text in {**VALID_FILES, **files}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=data_sets(), revise=st.booleans())
def test_what_check_accepts_build_builds(files: dict[str, str], revise: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp, contextlib.chdir(tmp):
        _write(Path("data"), files)
        if main(["check", "--data", "data"]) != 0:
            return  # refused with a message: the bad-input suites check those
        if revise:  # an archived version, and the next one as a draft
            main(["revise", "contoh", "--data", "data", "-m", "Perubahan"])
            assert main(["check", "--data", "data"]) == 0
        assert main(["build", "--data", "data", "--site", "site"]) == 0
        assert main(["build", "--drafts", "--data", "data", "--site", "preview"]) == 0
        for site in (Path("site"), Path("preview")):
            for path in [*site.rglob("*.xml"), *site.rglob("*.svg")]:
                ET.parse(path)
            for pdf in site.rglob("*.pdf"):
                assert pdf.read_bytes().startswith(b"%PDF-"), pdf
