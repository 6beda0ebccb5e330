"""The Indonesian text helpers (sop.text) that every renderer prints through."""

from __future__ import annotations

import datetime as dt

import pytest

from sop import text
from sop.model import Regulation, Signer, Waktu


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (dt.date(2022, 8, 22), "22 Agustus 2022"),
        (dt.date(2020, 1, 1), "1 Januari 2020"),
        (dt.date(2021, 12, 31), "31 Desember 2021"),
        (dt.date(2024, 2, 29), "29 Februari 2024"),
    ],
)
def test_tanggal_prints_full_indonesian_date(date: dt.date, expected: str) -> None:
    assert text.tanggal(date) == expected


def test_tanggal_of_missing_date_is_the_placeholder() -> None:
    assert text.tanggal(None) == ""
    assert text.tanggal(None, "-") == "-"


@pytest.mark.parametrize(
    ("nilai", "unit", "expected"),
    [
        (15, "menit", "15 menit"),
        (1.5, "hari", "1,5 hari"),
        (2, "hari kerja", "2 hari kerja"),
        (0.25, "jam", "0,25 jam"),
    ],
)
def test_waktu_prints_number_and_unit(nilai: float, unit: str, expected: str) -> None:
    assert text.waktu(Waktu(nilai=nilai, unit=unit)) == expected


def test_nomor_pegawai_groups_nip_and_falls_back_to_nidn_niy_or_nothing() -> None:
    assert (
        text.nomor_pegawai(Signer(jabatan="Rektor", nama="A", nip="196012151988021001"))
        == "NIP. 19601215 198802 1 001"
    )
    assert (
        text.nomor_pegawai(Signer(jabatan="Rektor", nama="A", nip="19601215 198802 1 001"))
        == "NIP. 19601215 198802 1 001"
    )
    assert (
        text.nomor_pegawai(Signer(jabatan="Rektor", nama="A", nidn="0412037801"))
        == "NIDN. 0412037801"
    )
    assert (
        text.nomor_pegawai(Signer(jabatan="Ketua", nama="A", niy="2019.07.001"))
        == "NIY. 2019.07.001"
    )
    assert text.nomor_pegawai(Signer(jabatan="Ketua", nama="A")) == ""


def _reg(**fields: object) -> Regulation:
    base: dict[str, object] = {"id": "x", "tentang": "Sesuatu", "tahun": 2012, "nomor": "35"}
    return Regulation.model_validate(base | fields)


def test_sitasi_merges_kind_and_issuer() -> None:
    reg = _reg(
        jenis="Peraturan Menteri",
        penerbit="Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi",
        tentang="Pedoman Penyusunan Standar Operasional Prosedur Administrasi Pemerintahan",
    )
    assert text.sitasi(reg) == (
        "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 35 Tahun "
        "2012 tentang Pedoman Penyusunan Standar Operasional Prosedur Administrasi Pemerintahan"
    )


def test_sitasi_without_issuer_and_with_year_in_number() -> None:
    assert (
        text.sitasi(_reg(jenis="Undang-Undang", nomor="12", tentang="Pendidikan Tinggi"))
        == "Undang-Undang Nomor 12 Tahun 2012 tentang Pendidikan Tinggi"
    )
    kmk = _reg(
        jenis="Keputusan Menteri",
        penerbit="Menteri Keuangan",
        nomor="68/KMK.05/2008",
        tahun=2008,
        tentang="Penetapan BLU",
    )
    assert text.sitasi(kmk) == (
        "Keputusan Menteri Keuangan Nomor 68/KMK.05/2008 tentang Penetapan BLU"
    )


def test_sitasi_adds_lembaran_only_on_request() -> None:
    reg = _reg(
        jenis="Undang-Undang",
        nomor="20",
        tahun=2003,
        tentang="Sistem Pendidikan Nasional",
        lembaran="Lembaran Negara Republik Indonesia Tahun 2003 Nomor 78",
    )
    assert text.sitasi(reg).endswith("Sistem Pendidikan Nasional")
    assert text.sitasi(reg, lembaran=True).endswith(
        "Sistem Pendidikan Nasional (Lembaran Negara Republik Indonesia Tahun 2003 Nomor 78)"
    )


def test_sitasi_of_unnumbered_guideline_reads_like_its_title() -> None:
    reg = _reg(
        jenis="Pedoman",
        nomor=None,
        tahun=2019,
        penerbit="Direktorat Jenderal Sumber Daya Iptek dan Dikti",
        tentang="Pedoman Operasional Penilaian Angka Kredit Dosen",
    )
    assert text.sitasi(reg) == (
        "Pedoman Operasional Penilaian Angka Kredit Dosen Direktorat "
        "Jenderal Sumber Daya Iptek dan Dikti Tahun 2019"
    )
    other = _reg(jenis="Pedoman", nomor=None, tahun=2019, tentang="Penilaian Angka Kredit")
    assert text.sitasi(other) == "Pedoman Tahun 2019 tentang Penilaian Angka Kredit"
