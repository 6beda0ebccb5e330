"""The two seed documents as real data sets: they pass `sop check` and keep the seeds' facts.

sop_data/ is Keputusan Rektor UIN Maulana Malik Ibrahim Malang Nomor 869 Tahun 2022 with its six
SOPs (seed 002); examples/iuqi-bogor/ is the SOP Layanan Kemahasiswaan of IUQI Bogor (seed 000).
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from sop import graph
from sop.dataset import DataSet, load
from sop.model import Daftar, ListItem, Sop, TimeUnit

ROOT = Path(__file__).resolve().parent.parent
UIN = ROOT / "sop_data"
IUQI = ROOT / "examples" / "iuqi-bogor"
#: Every bundled data set: the two seeds and the examples of other institutions' formats.
DATA_SETS = [UIN, *sorted(p.parent for p in (ROOT / "examples").glob("*/institusi.yaml"))]

LAMPIRAN = [
    "pengangkatan-pertama-aa-lektor",
    "sk-jabatan-pak-lektor",
    "penilaian-lk-gb",
    "pak-lektor-kepala",
    "sk-jabatan-lektor-kepala",
    "pak-jabatan-guru-besar",
]


@pytest.fixture(scope="module")
def uin() -> DataSet:
    return load(UIN)


@pytest.fixture(scope="module")
def iuqi() -> DataSet:
    return load(IUQI)


def branches(sop: Sop, no: int) -> dict[str, int]:
    return {b.label: b.ke for b in sop.step(no).cabang}


# --------------------------------------------------------------------------- both data sets


@pytest.mark.parametrize("folder", DATA_SETS, ids=lambda p: p.name)
def test_sop_check_passes(folder: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sop.cli", "check", "--data", str(folder)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith(": OK")


@pytest.mark.parametrize("folder", DATA_SETS, ids=lambda p: p.name)
def test_main_path_runs_through_every_step_in_order(folder: Path) -> None:
    """First branches are the main path: Lengkap/Setuju/Sesuai lead on to the next row. With
    several starts (mulai), each start's main path runs on in step order until it joins the
    path of an earlier start, and together they hold every step once; with one start this is
    its main path being every step in order."""
    for sop in load(folder).sops.values():
        order = {s.no: i for i, s in enumerate(sop.steps)}
        covered: list[int] = []
        for start in graph.start_steps(sop):
            path = [s.no for s in graph.main_path(sop, sop.step(start))]
            own = path[:next((k for k, no in enumerate(path) if no in covered), len(path))]
            assert own and own[0] == start, (sop.id, start, path)
            assert [order[no] for no in own] == sorted(order[no] for no in own), (sop.id, own)
            covered += own
        assert sorted(covered, key=order.get) == [s.no for s in sop.steps], sop.id


# --------------------------------------------------------------------------- the decree


def test_decree_lists_the_six_sops_in_lampiran_order(uin: DataSet) -> None:
    decree = uin.decrees["kr-869-2022"]
    assert decree.lampiran == LAMPIRAN
    assert list(uin.sops) == LAMPIRAN
    assert [uin.lampiran_number(uin.sops[s]) for s in LAMPIRAN] == [1, 2, 3, 4, 5, 6]


def test_decree_identity_and_signer(uin: DataSet) -> None:
    decree = uin.decrees["kr-869-2022"]
    assert (decree.nomor, decree.tahun, decree.tanggal, decree.tempat) == (
        "869",
        2022,
        dt.date(2022, 8, 22),
        "Malang",
    )
    assert decree.penanda_tangan.nama == "M. Zainuddin"
    assert decree.penanda_tangan.nip is None  # not in the seed: not invented
    assert [d.label for d in decree.diktum] == ["KESATU", "KEDUA"]
    assert len(decree.menimbang) == 3
    assert len(decree.memperhatikan) == 2


def test_mengingat_cites_fifteen_catalogue_entries_once_with_placements(uin: DataSet) -> None:
    mengingat = uin.decrees["kr-869-2022"].mengingat
    assert len(mengingat) == len(set(mengingat)) == 15
    assert mengingat[0] == "uu-20-2003" and mengingat[-1] == "kma-550-2022"
    uu = uin.regulations["uu-20-2003"]
    assert "Tahun 2003 Nomor 78" in (uu.lembaran or "")
    assert "Nomor 4301" in (uu.lembaran or "")
    assert uin.regulations["kmk-68-2008"].nomor == "68/KMK.05/2008"
    assert uin.regulations["pma-40-2018"].lembaran == (
        "Berita Negara Republik Indonesia Tahun 2018 Nomor 1805"
    )


def test_bab_i_has_all_sections_with_nested_prinsip(uin: DataSet) -> None:
    (bab,) = uin.decrees["kr-869-2022"].bab
    assert (bab.nomor, [s.judul for s in bab.bagian]) == (
        "I",
        ["Dasar Hukum", "Pengertian", "Manfaat", "Prinsip", "Unsur Prosedur"],
    )
    manfaat = bab.bagian[2].isi[0]
    assert isinstance(manfaat, Daftar) and len(manfaat.daftar) == 15
    prinsip = bab.bagian[3].isi[0]
    assert isinstance(prinsip, Daftar)
    items = [i for i in prinsip.daftar if isinstance(i, ListItem)]
    assert [(i.teks, len(i.rincian)) for i in items] == [
        ("Prinsip Penyusunan SOP AP", 8),
        ("Prinsip Pelaksanaan SOP AP", 6),
    ]


def test_paraf_block(uin: DataSet) -> None:
    paraf = uin.decrees["kr-869-2022"].paraf
    assert len(paraf) == 6
    assert paraf[-1].nama == "Dr. Hj. Ilfi Nur Diana, S.Ag., M.Si"


def test_sop_dasar_hukum_is_bab_i_a(uin: DataSet) -> None:
    expected = [
        "permenpan-17-2013",
        "permenpan-46-2013",
        "permenpan-35-2012",
        "kma-550-2022",
        "pedoman-pak-dosen-2019",
    ]
    for sop in uin.sops.values():
        assert sop.dasar_hukum == expected, sop.id
    assert uin.regulations["pedoman-pak-dosen-2019"].nomor is None  # the Pedoman has no number


# --------------------------------------------------------------------------- the six SOPs


def test_sop1_has_six_actor_columns_in_seed_order(uin: DataSet) -> None:
    assert uin.sops["pengangkatan-pertama-aa-lektor"].pelaksana == [
        "rektor",
        "kabiro-aupk",
        "koordinator-okh",
        "subkoordinator-kepegawaian",
        "pelaksana-kepegawaian",
        "tim-penilai",
    ]


def test_actors_follow_the_penjelasan_alur(uin: DataSet) -> None:
    sop1 = uin.sops["pengangkatan-pertama-aa-lektor"]
    assert [sop1.step(n).pelaksana for n in range(1, 11)] == [
        "kabiro-aupk",
        "koordinator-okh",
        "subkoordinator-kepegawaian",
        "pelaksana-kepegawaian",
        "tim-penilai",
        "pelaksana-kepegawaian",
        "koordinator-okh",
        "kabiro-aupk",
        "rektor",
        "pelaksana-kepegawaian",
    ]
    sop5 = uin.sops["sk-jabatan-lektor-kepala"]
    assert sop5.step(1).pelaksana == "subkoordinator-kepegawaian"  # "Subkoordinator ... menerima"
    assert sop5.step(6).pelaksana == "rektor"  # "Rektor menandatangani"


def test_sop3_times(uin: DataSet) -> None:
    sop = uin.sops["penilaian-lk-gb"]
    waktu = sop.step(5).waktu
    assert waktu is not None and (waktu.nilai, waktu.unit) == (240, TimeUnit.MENIT)
    assert [s.waktu.nilai for s in sop.steps if s.waktu] == [15, 5, 20, 180, 240, 30]


def test_sop4_and_sop6_are_renumbered_without_duplicates(uin: DataSet) -> None:
    for sid, count in (("pak-lektor-kepala", 9), ("pak-jabatan-guru-besar", 8)):
        assert [s.no for s in uin.sops[sid].steps] == list(range(1, count + 1)), sid


def test_bare_seed_numbers_became_minutes(uin: DataSet) -> None:
    for sid, no, minutes in (("pak-lektor-kepala", 4, 20), ("pak-jabatan-guru-besar", 4, 120)):
        waktu = uin.sops[sid].step(no).waktu
        assert waktu is not None and (waktu.nilai, waktu.unit) == (minutes, TimeUnit.MENIT)


def test_sop2_keeps_the_seeds_empty_mutu_baku(uin: DataSet) -> None:
    sop = uin.sops["sk-jabatan-pak-lektor"]
    assert len(sop.steps) == 10
    assert all(not s.kelengkapan and s.waktu is None and s.output is None for s in sop.steps)


def test_decisions_where_the_narrative_has_them(uin: DataSet) -> None:
    sop1 = uin.sops["pengangkatan-pertama-aa-lektor"]
    assert branches(sop1, 4) == {"Lengkap": 5, "Tidak lengkap": 1}
    assert branches(sop1, 7) == {"Setuju": 8, "Tidak setuju": 6}  # back to Pelaksana Kepegawaian
    assert branches(sop1, 8) == {"Setuju": 9, "Tidak setuju": 7}  # back to Koordinator OKH
    assert [s.no for s in uin.sops["penilaian-lk-gb"].steps if s.is_decision] == [4]
    sop4 = uin.sops["pak-lektor-kepala"]
    assert [s.no for s in sop4.steps if s.is_decision] == [4, 5, 6, 7, 8]
    assert branches(sop4, 8) == {"Setuju": 9, "Tidak setuju": 6}  # Rektor -> Koordinator OKH


def test_every_rejection_loops_back_to_an_earlier_step(uin: DataSet) -> None:
    for sop in uin.sops.values():
        for step in sop.steps:
            for branch in step.cabang[1:]:
                assert branch.ke < step.no, (sop.id, step.no, branch.label)


def test_requirement_lists(uin: DataSet) -> None:
    for sop in uin.sops.values():
        if sop.id == "sk-jabatan-lektor-kepala":  # its own two-item list
            assert sop.persyaratan is not None and len(sop.persyaratan.daftar) == 2
            continue
        assert sop.persyaratan is not None, sop.id
        items = sop.persyaratan.daftar
        assert "Cek Turnitin /plagiasi" in items, sop.id
        tridharma = [i for i in items if isinstance(i, ListItem)]
        assert len(tridharma) == 1 and tridharma[0].teks.startswith("Surat Pernyataan Melaksanakan")
        assert tridharma[0].rincian[1] == "Surat Pernyataan Melaksanakan Penelitian"
        assert len(tridharma[0].rincian) == 4


def test_ocr_slips_are_gone(uin: DataSet) -> None:
    text = "\n".join(s.model_dump_json() for s in uin.sops.values())
    for slip in (
        "dibusutkan",
        "Mendapatif",
        "Mscu",
        "KAB/RO",
        "menyempatkan",
        "Alasan",
        "Merak Besin",
        "BIRU AUPK",
        "Dikda",
        "Barita",
    ):
        assert slip not in text, slip
    assert "Lihat SOP Surat Masuk Bagian Umum" in text


def test_every_sop_is_version_one_in_force_with_a_review_date(uin: DataSet) -> None:
    for sop in uin.sops.values():
        assert (sop.versi, sop.status.value, [r.versi for r in sop.riwayat]) == (1, "berlaku", [1])
        assert sop.tanggal.efektif == dt.date(2022, 8, 22)
        assert sop.tinjau_berikutnya is not None and sop.tinjau_berikutnya > sop.tanggal.efektif
        assert sop.pengesahan.nama == "M. Zainuddin"


def test_institution_logo_and_short_labels(uin: DataSet) -> None:
    inst = uin.institution
    assert inst.alamat == "Jl. Gajayana No. 50 Malang 65144"
    assert inst.logo and (UIN / inst.logo).read_text().lstrip().startswith("<svg")
    assert uin.actors["kabiro-aupk"].singkat == "Kabiro AUPK"


# --------------------------------------------------------------------------- IUQI Bogor


def test_iuqi_identity_and_dates(iuqi: DataSet) -> None:
    (sop,) = iuqi.sops.values()
    assert sop.nomor == "28/BK-LMMBK/DOK.IUQI/2020"
    assert sop.keputusan is None and not iuqi.decrees
    assert (sop.tanggal.pembuatan, sop.tanggal.revisi, sop.tanggal.efektif) == (
        dt.date(2020, 9, 24),
        dt.date(2020, 11, 15),
        dt.date(2020, 9, 24),
    )
    assert len(sop.tujuan) == 3 and len(sop.penjelasan_alur) == 10
    assert sop.penjelasan_alur[0].startswith("Penerbitan Surat Tugas")


def test_iuqi_three_signatures(iuqi: DataSet) -> None:
    (sop,) = iuqi.sops.values()
    assert (sop.pengesahan.jabatan, sop.pengesahan.nama) == ("Rektor", "Dr. Saiful Falah, M.Pd.I")
    assert [(t.peran.value, t.nama) for t in sop.tanda_tangan_lain] == [
        ("disusun", "Munakib, M.Pd."),
        ("diperiksa", "Azwar Anas, M.Pd.I"),
    ]


def test_iuqi_time_table(iuqi: DataSet) -> None:
    (sop,) = iuqi.sops.values()
    assert sop.pelaksana == ["dosen-akademik", "unit-pelaksana", "atasan-unit-kerja", "rektor"]
    assert [(s.kegiatan, s.waktu.nilai if s.waktu else None) for s in sop.steps] == [
        ("Sosialisasi minat, bakat dan karir", 2),
        ("Pendaftaran kegiatan", 1),
        ("Persiapan kegiatan", 1),
        ("Pelaksanaan layanan", 2),
    ]
    assert {s.waktu.unit for s in sop.steps if s.waktu} == {TimeUnit.HARI}
    used = {a for s in sop.steps for a in s.actors}
    assert used == set(sop.pelaksana)  # every column A-D has a row


@pytest.mark.parametrize("root", DATA_SETS, ids=lambda p: p.name)
def test_every_data_file_names_its_schema(root: Path) -> None:
    """Editors complete and check keys because each file names the schema of its kind."""
    kinds = {"institusi.yaml": "institusi", "dasar_hukum.yaml": "dasar-hukum",
             "pencarian.yaml": "pencarian"}
    files = sorted(root.rglob("*.yaml"))
    assert files
    for path in files:
        rel = path.relative_to(root)
        kind = (
            kinds.get(str(rel))
            or {"sop": "sop", "keputusan": "keputusan", "arsip": "sop"}[rel.parts[0]]
        )
        first = path.read_text("utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), rel
        target = (path.parent / first.split("=", 1)[1]).resolve()
        assert target == ROOT / "schema" / f"{kind}.schema.json", rel
