"""SOPs for the flowchart tests: hand-written ones modelled on the seeds, and random ones."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from sop import graph
from sop.dataset import DataSet, load
from sop.errors import DataSetError
from sop.flowchart import render_svg_pages
from sop.model import Actor, Sop

ACTORS = {a["id"]: Actor.model_validate(a) for a in [
    {"id": "rektor", "jabatan": "Rektor", "singkat": "Rektor"},
    {"id": "kabiro-aupk", "jabatan": "Kepala Biro AUPK", "singkat": "Kabiro AUPK"},
    {"id": "koordinator-okh", "jabatan": "Koordinator OKH", "singkat": "Koordinator OKH"},
    {"id": "subkoor-kepegawaian", "jabatan": "Subkoordinator Kepegawaian",
     "singkat": "Subkoor. Kepegawaian"},
    {"id": "pelaksana-kepegawaian", "jabatan": "Pelaksana Kepegawaian",
     "singkat": "Pelaksana Kepegawaian"},
    {"id": "tim-penilai", "jabatan": "Tim Penilai Angka Kredit", "singkat": "Tim Penilai"},
    {"id": "dosen", "jabatan": "Dosen Akademik", "singkat": "Dosen Akademik"},
    {"id": "unit-pelaksana", "jabatan": "Unit Pelaksana", "singkat": "Unit Pelaksana"},
    {"id": "atasan-unit", "jabatan": "Atasan Unit Kerja (Wakil Rektor, Dekan)",
     "singkat": "Atasan Unit Kerja"},
    {"id": "lpm", "jabatan": "Lembaga Penjaminan Mutu", "singkat": "LPM"},
]}
RANDOM_ACTORS = {f"a{i}": Actor(id=f"a{i}", jabatan=f"Jabatan {i}", singkat=f"Pelaksana {i}")
                 for i in range(12)}

_BASE: dict[str, Any] = {
    "nomor": "1", "unit": "biro-aupk", "tanggal": {"pembuatan": "2022-08-22"},
    "pengesahan": {"jabatan": "Rektor", "nama": "Prof. Dr. Contoh"},
}


def _sop(**fields: Any) -> Sop:
    return Sop.model_validate({**_BASE, **fields})


def _step(no: int, who: str | list[str], kegiatan: str, waktu: float | None = 10,
          unit: str = "menit", **extra: Any) -> dict[str, Any]:
    step: dict[str, Any] = {"no": no, "pelaksana": who, "kegiatan": kegiatan, **extra}
    if waktu is not None:
        step["waktu"] = {"nilai": waktu, "unit": unit}
    return step


def pengangkatan_pertama() -> Sop:
    """Seed 002, SOP 1: six actors, ten steps, four decisions that loop back."""
    return _sop(
        id="fixture-pengangkatan-pertama",
        judul="Pengusulan Pengangkatan Pertama Jabatan Dosen Jenjang Asisten Ahli dan Lektor",
        pelaksana=["rektor", "kabiro-aupk", "koordinator-okh", "subkoor-kepegawaian",
                   "pelaksana-kepegawaian", "tim-penilai"],
        steps=[
            _step(1, "kabiro-aupk", "Menerima usulan kenaikan jabatan dari fakultas", 15,
                  kelengkapan=["Pengantar usulan dari fakultas",
                               "Berkas persyaratan kenaikan jabatan"],
                  output="Disposisi", keterangan="Lihat SOP Surat Masuk Bagian Umum"),
            _step(2, "koordinator-okh", "Menerima berkas usulan dan mendisposisi kepada "
                  "Subkoordinator Kepegawaian", 5, kelengkapan=["Disposisi atasan"],
                  output="Disposisi"),
            _step(3, "subkoor-kepegawaian", "Menerima disposisi dan berkas usulan, mendisposisi "
                  "kepada Pelaksana Kepegawaian", 5, output="Telaah dan disposisi"),
            _step(4, "pelaksana-kepegawaian", "Memeriksa kelengkapan berkas usulan", 120,
                  kelengkapan=["Disposisi", "Usulan kenaikan jabatan"],
                  output="Berkas lengkap / surat pemberitahuan kekurangan berkas",
                  keterangan="SOP Pembuatan Surat Pemberitahuan",
                  cabang=[{"label": "Lengkap", "ke": 5}, {"label": "Tidak lengkap", "ke": 1}]),
            _step(5, "tim-penilai", "Menilai berkas usulan kenaikan jabatan", 60,
                  output="Penilaian berkas",
                  cabang=[{"label": "Sesuai", "ke": 6}, {"label": "Tidak sesuai", "ke": 4}]),
            _step(6, "pelaksana-kepegawaian", "Membuat draf SK PAK dan surat usul kenaikan "
                  "jabatan", 10, output="Draf PAK dan draf surat usul"),
            _step(7, "koordinator-okh", "Mengoreksi draf SK PAK dan surat usul", 10,
                  output="Paraf draf PAK",
                  cabang=[{"label": "Setuju", "ke": 8}, {"label": "Tidak setuju", "ke": 6}]),
            _step(8, "kabiro-aupk", "Mengoreksi draf PAK, menandatangani surat usul", 10,
                  output="Paraf draf PAK dan tanda tangan surat usul",
                  cabang=[{"label": "Setuju", "ke": 9}, {"label": "Tidak setuju", "ke": 7}]),
            _step(9, "rektor", "Menandatangani SK PAK", 10, output="SK PAK ditandatangani",
                  cabang=[{"label": "Setuju", "ke": 10}, {"label": "Tidak setuju", "ke": 8}]),
            _step(10, "pelaksana-kepegawaian", "Mendistribusikan dan mendokumentasikan SK PAK, "
                  "mengirim surat pengantar ke Sekretaris Jenderal", 10,
                  output="Dokumen arsip (soft file dan hard file)"),
        ])


def layanan_kemahasiswaan() -> Sop:
    """Seed 000: four actors, ten steps in days, joint steps and no decision."""
    return _sop(
        id="fixture-layanan-kemahasiswaan",
        judul="Layanan Kemahasiswaan (Minat, Bakat, dan Karir)",
        pelaksana=["dosen", "unit-pelaksana", "atasan-unit", "lpm"],
        steps=[
            _step(1, "atasan-unit", "Menerbitkan surat tugas tim penyusun panduan layanan "
                  "kemahasiswaan", 1, "hari", output="Surat tugas"),
            _step(2, ["unit-pelaksana", "atasan-unit"], "Rapat koordinasi dan penjelasan "
                  "masing-masing divisi", 1, "hari", output="Notula rapat"),
            _step(3, "unit-pelaksana", "Menyusun draf layanan kemahasiswaan", 5, "hari kerja",
                  output="Draf layanan"),
            _step(4, "lpm", "Mendampingi penyusunan layanan kemahasiswaan", 2, "hari"),
            _step(5, ["unit-pelaksana", "lpm"], "Finalisasi SOP layanan kemahasiswaan", 1,
                  "hari", output="SOP final"),
            _step(6, "unit-pelaksana", "Sosialisasi minat, bakat dan karir", 2, "hari"),
            _step(7, ["dosen", "unit-pelaksana"], "Workshop aturan layanan kemahasiswaan", 1,
                  "hari"),
            _step(8, "dosen", "Pendampingan kegiatan kemahasiswaan", 2, "hari"),
            _step(9, "unit-pelaksana", "Pelaporan kegiatan kemahasiswaan", 1.5, "minggu",
                  output="Laporan kegiatan"),
            _step(10, "atasan-unit", "Evaluasi kegiatan kemahasiswaan", 1, "bulan",
                  output="Laporan evaluasi"),
        ])


def tricky() -> Sop:
    """Hostile text, a three-way decision, forward skips, a joint decision and long cells."""
    long_text = ("Memeriksa <script>alert('x')</script> & \"kutipan\" {{ jinja }} " * 3).strip()
    return _sop(
        id="fixture-tricky",
        judul="Uji <b>tag</b> & {{ kurung }}",
        pelaksana=["rektor", "kabiro-aupk", "dosen", "lpm", "tim-penilai"],
        steps=[
            _step(1, "dosen", "Mengajukan permohonan", None),
            _step(2, "kabiro-aupk", long_text, 2.5, "jam",
                  kelengkapan=["Formulir <A> & B", "Surat \"resmi\"", "{{ x }}"],
                  output="<output/>", keterangan="Catatan & 'kutip'",
                  cabang=[{"label": "Ya & <lanjut>", "ke": 3}, {"label": "Tunda", "ke": 5},
                          {"label": "Tolak", "ke": 1}]),
            _step(3, "lpm", "Menelaah berkas", 1, "hari", ke=6),
            _step(4, "rektor", "Meninjau ulang berkas", 1, "hari"),
            _step(5, ["lpm", "tim-penilai"], "Memutuskan bersama", 3, "hari kerja",
                  cabang=[{"label": "Setuju", "ke": 6}, {"label": "Ulang", "ke": 4}]),
            _step(6, "rektor", "Menetapkan keputusan", 1, "minggu",
                  cabang=[{"label": "Ya", "ke": 7}, {"label": "Tidak", "ke": 2}]),
            _step(7, "dosen", "Menerima keputusan", None),
        ])


def fixture_sops() -> list[Sop]:
    """The hand-written SOPs, in a fixed order."""
    return [pengangkatan_pertama(), layanan_kemahasiswaan(), tricky()]


def is_valid_flow(sop: Sop) -> bool:
    """The validator's flow rules: every step reachable from the start and able to end."""
    ends = graph.end_steps(sop)
    if not ends:
        return False
    start = graph.reachable(sop, sop.steps[0].no)
    to_end = set().union(*(graph.reachable(sop, e, forward=False) for e in ends))
    numbers = {s.no for s in sop.steps}
    return start == numbers and numbers <= to_end


@st.composite
def random_sops(draw: st.DrawFn, max_steps: int = 24, max_actors: int = 8) -> Sop:
    """A random valid SOP: N steps, K actors, joint steps, decisions, skips and loop-backs."""
    n = draw(st.integers(2, max_steps))
    k = draw(st.integers(1, max_actors))
    actors = [f"a{i}" for i in range(k)]
    steps = []
    for no in range(1, n + 1):
        who: str | list[str] = draw(st.sampled_from(actors))
        if k > 1 and draw(st.integers(0, 9)) == 0:
            who = sorted(draw(st.lists(st.sampled_from(actors), min_size=2, max_size=3,
                                       unique=True)))
        step: dict[str, Any] = {"no": no, "pelaksana": who,
                                "kegiatan": draw(st.sampled_from(["Memeriksa", "Menyusun berkas",
                                                                  "Menandatangani surat " * 4]))}
        others = [x for x in range(1, n + 1) if x != no]
        if no < n and draw(st.integers(0, 2)) == 0 and len(others) >= 2:
            targets = draw(st.lists(st.sampled_from(others), min_size=2, max_size=3,
                                    unique=True))
            if no + 1 not in targets and draw(st.booleans()):
                targets[0] = no + 1
            labels = ["Ya", "Tidak", "Tunda"]
            step["cabang"] = [{"label": labels[i], "ke": t} for i, t in enumerate(targets)]
        elif no < n and draw(st.integers(0, 7)) == 0:
            step["ke"] = draw(st.sampled_from(others))
        elif no < n and draw(st.integers(0, 11)) == 0:
            step["selesai"] = True
        steps.append(step)
    sop = Sop.model_validate({**_BASE, "id": "acak", "judul": "Acak", "pelaksana": actors,
                              "steps": steps})
    from hypothesis import assume

    assume(is_valid_flow(sop))
    return sop


def describe(sop: Sop) -> str:
    """A compact one-line picture of a step graph, for failure messages."""
    parts = []
    for s in sop.steps:
        who = "+".join(s.actors)
        out = ",".join(f"{e.label or ''}>{e.target}" for e in graph.successors(sop, s))
        parts.append(f"{s.no}[{who}]{out}")
    return f"{len(sop.pelaksana)} actors: " + " ".join(parts)


def make_sop(actors: int, spec: list[tuple[Any, ...]]) -> Sop:
    """An SOP from a compact spec: (who, ke or {label: ke} or None) per step."""
    steps = []
    for no, (who, nxt) in enumerate(spec, start=1):
        step: dict[str, Any] = {"no": no, "pelaksana": who, "kegiatan": "Kegiatan"}
        if isinstance(nxt, dict):
            step["cabang"] = [{"label": k, "ke": v} for k, v in nxt.items()]
        elif nxt is not None:
            step["ke"] = nxt
        steps.append(step)
    return Sop.model_validate({**_BASE, "id": "spec", "judul": "Spec",
                               "pelaksana": [f"a{i}" for i in range(actors)], "steps": steps})


# ---------------------------------------------------------------------- golden cases

ROOT = Path(__file__).resolve().parent.parent
GOLDEN_DIR = ROOT / "tests" / "golden" / "flowchart"
SEED_DATA = ROOT / "sop_data"
#: The paged goldens: a height that forces page breaks in a ten-step SOP.
PAGED_HEIGHT = 420.0


def seed_dataset() -> DataSet | None:
    """The seed data set, or None while it does not load (another stage may be mid-edit)."""
    try:
        return load(SEED_DATA)
    except (DataSetError, OSError):
        return None


def golden_cases() -> dict[str, Callable[[], list[str]]]:
    """Every golden case by name: the fixture SOPs, the seed SOPs and paged variants."""
    cases: dict[str, Callable[[], list[str]]] = {}
    for sop in fixture_sops():
        cases[sop.id] = partial(render_svg_pages, sop, ACTORS)
    first = fixture_sops()[0]
    cases[f"{first.id}.paged"] = partial(render_svg_pages, first, ACTORS, PAGED_HEIGHT)
    data = seed_dataset()
    if data is not None:
        for sop in data.sops.values():
            cases[sop.id] = partial(render_svg_pages, sop, data.actors)
        seed = next(iter(data.sops.values()))
        cases[f"{seed.id}.paged"] = partial(render_svg_pages, seed, data.actors, PAGED_HEIGHT)
    return cases


def golden_files(name: str, pages: list[str]) -> dict[str, str]:
    """File name -> content for one case: `name.svg`, or `name-p1.svg`, … for several pages."""
    if len(pages) == 1:
        return {f"{name}.svg": pages[0]}
    return {f"{name}-p{i}.svg": page for i, page in enumerate(pages, start=1)}
