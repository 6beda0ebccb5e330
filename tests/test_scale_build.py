"""Scale: very large SOPs and many SOPs build end to end (site and PDFs) in a sensible time.

The timing bounds are loose (a busy CI machine with two cores) and catch only blow-ups such as
a quadratic page stage; scripts/benchmark.py measures the real figures.
"""

from __future__ import annotations

import contextlib
import io
import random
import re
import time
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader
from site_fixtures import build_site

from sop import synth
from sop.dataset import load
from sop.pdf.flow import flow_sheets

pytestmark = pytest.mark.slow


def big_data_set(root: Path) -> Path:
    """One decree with a 200-step SOP and a 20-lane SOP (synthetic, valid)."""
    synth.write_dataset(root, 1, steps=(200, 200))
    rng = random.Random(20)
    wide = synth.sop(rng, 2, "kr-1-2024", n_actors=30, steps=(12, 12), lanes=(20, 20))
    (root / "sop" / "sop-0002.yaml").write_text(yaml.safe_dump(wide, allow_unicode=True))
    decree_file = root / "keputusan" / "kr-1-2024.yaml"
    decree = yaml.safe_load(decree_file.read_text())
    decree["lampiran"].append("sop-0002")
    decree_file.write_text(yaml.safe_dump(decree, allow_unicode=True))
    return root


@pytest.fixture(scope="module")
def big_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, float]:
    base = tmp_path_factory.mktemp("big")
    data = big_data_set(base / "data")
    started = time.perf_counter()
    with contextlib.chdir(base):
        site = build_site(data, base / "site", pdf=True)
    return data, site, time.perf_counter() - started


def test_big_sops_build_in_a_sensible_time(big_site: tuple[Path, Path, float]) -> None:
    _, _, seconds = big_site
    assert seconds < 300, f"site + PDFs of two big SOPs took {seconds:.0f} s"


@pytest.mark.parametrize("sop_id, steps, lanes", [("sop-0001", 200, None), ("sop-0002", 12, 20)])
def test_big_sop_page_has_table_diagram_and_flowchart(
    big_site: tuple[Path, Path, float], sop_id: str, steps: int, lanes: int | None
) -> None:
    data_dir, site, _ = big_site
    sop = load(data_dir).sops[sop_id]
    page = (site / "sop" / sop_id / "index.html").read_text(encoding="utf-8")
    mermaid = re.search(r'<pre class="sop-mermaid"><code>(.*?)</code></pre>', page, re.S)
    assert mermaid is not None
    nodes = set(re.findall(r"^    s(\d+)[\[(@]", mermaid.group(1), re.M))
    assert len(nodes) == steps
    assert page.count("<svg") >= 1
    if lanes:  # the swimlane diagram draws the lanes that have a step
        assert len(sop.pelaksana) == lanes
        used = {actor for step in sop.steps for actor in step.actors}
        assert mermaid.group(1).count("subgraph") == len(used) > 5


@pytest.mark.parametrize("sop_id", ["sop-0001", "sop-0002"])
def test_big_sop_pdfs_page_the_flowchart(big_site: tuple[Path, Path, float], sop_id: str) -> None:
    data_dir, site, _ = big_site
    data = load(data_dir)
    sheets = len(flow_sheets(data.sops[sop_id], data.actors).pages)
    if sop_id == "sop-0001":
        assert sheets >= 10
    for name in (f"{sop_id}.pdf", f"{sop_id}-resmi.pdf"):
        reader = PdfReader(io.BytesIO((site / "pdf" / "sop" / name).read_bytes()))
        landscape = [p for p in reader.pages if p.mediabox.width > p.mediabox.height]
        assert len(landscape) == sheets, name
    book = PdfReader(io.BytesIO((site / "pdf" / "keputusan" / "kr-1-2024.pdf").read_bytes()))
    assert len(book.pages) > sheets


def test_many_sops_site_build(tmp_path: Path) -> None:
    """45 SOPs under 3 decrees and 12 units: every page, the catalogue and the nav."""
    data = synth.write_dataset(tmp_path / "data", 45, seed=7)
    started = time.perf_counter()
    with contextlib.chdir(tmp_path):
        site = build_site(data, tmp_path / "site")
    seconds = time.perf_counter() - started
    assert seconds < 180, f"site of 45 SOPs took {seconds:.0f} s"
    ids = [f"sop-{i:04d}" for i in range(1, 46)]
    assert all((site / "sop" / sid / "index.html").is_file() for sid in ids)
    catalogue = (site / "katalog" / "index.html").read_text(encoding="utf-8")
    assert all(f"SOP/{i:04d}/UN/2024" in catalogue for i in range(1, 46))
    assert all((site / "keputusan" / f"kr-{k}-2024" / "index.html").is_file() for k in (1, 2, 3))
