"""The typed data model of an SOP data set: one source for validation, code and JSON Schema.

Keys are Indonesian, as the quality office writes them; descriptions (shown by editors through
the JSON Schema and in the site's field reference) are Indonesian too.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal, Union
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
)

from sop.ids import check_nidn, check_nip

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$"),
    Field(description="Pengenal tetap: huruf kecil, angka dan tanda hubung, mis. 'kabiro-aupk'."),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


def _number_as_text(value: object) -> object:
    """A number or code is text. The loader (sop.yamlio) gives text fields their scalar as
    written; a number reaching one anyway is refused, never turned into other digits."""
    if isinstance(value, int | float):
        raise ValueError(f"{value} was read as a number; write it in quotes, exactly as on the "
                         f"document (e.g. \"{value}\")")
    return value


_NumberAsText = BeforeValidator(_number_as_text)


def _web_address(value: str) -> str:
    """An absolute http(s) address with a host and no spaces (it is printed in QR codes)."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or any(
        ch.isspace() for ch in value
    ):
        raise ValueError(
            f"'{value}' is not a web address (expected one starting with https://, "
            "e.g. 'https://sop.uin-malang.ac.id/')"
        )
    return value


WebAddress = Annotated[
    str,
    StringConstraints(strip_whitespace=True),
    AfterValidator(_web_address),
    Field(
        description="Alamat publik situs SOP (https://…): dipakai kode QR dan catatan kaki PDF "
        "bila variabel SITE_URL tidak diatur."
    ),
]


class Model(BaseModel):
    """Base of every data-file model: unknown keys are errors, not silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


# --------------------------------------------------------------------------- shared pieces


class TimeUnit(StrEnum):
    """Units allowed for a mutu baku time standard."""

    MENIT = "menit"
    JAM = "jam"
    HARI = "hari"
    HARI_KERJA = "hari kerja"
    MINGGU = "minggu"
    BULAN = "bulan"


class Waktu(Model):
    """A time standard: a number and a unit."""

    nilai: Annotated[
        float, Field(gt=0, allow_inf_nan=False, description="Besaran waktu, mis. 15.")
    ]
    unit: Annotated[TimeUnit, Field(description="Satuan waktu.")]


class Signer(Model):
    """A person who signs: position, name and staff number."""

    jabatan: Annotated[Text, Field(description="Nomenklatur jabatan, mis. 'Rektor'.")]
    nama: Annotated[Text, Field(description="Nama lengkap dengan gelar.")]
    nip: Annotated[
        str | None,
        _NumberAsText,
        AfterValidator(check_nip),
        Field(description="NIP 18 digit (boleh dengan spasi), mis. '19601215 198802 1 001'."),
    ] = None
    nidn: Annotated[
        str | None, _NumberAsText, AfterValidator(check_nidn), Field(description="NIDN 10 digit.")
    ] = None
    niy: Annotated[str | None, Field(description="Nomor Induk Yayasan, bila tidak ber-NIP.")] = None


class SignatureRole(StrEnum):
    DISUSUN = "disusun"
    DIPERIKSA = "diperiksa"
    DIKETAHUI = "diketahui"


class ExtraSignature(Signer):
    """A further signature on the identity sheet (disusun/diperiksa/diketahui oleh)."""

    peran: Annotated[SignatureRole, Field(description="Peran penanda tangan.")]
    unit: Annotated[str | None, Field(description="Unit penanda tangan, mis. 'LPM'.")] = None


class ListItem(Model):
    """A list entry with nested sub-entries (as in the seeds' requirement lists)."""

    teks: Text
    rincian: list[Item] = Field(default_factory=list, description="Butir turunan (a, b, c …).")


def _kind(value: object) -> str:
    """Discriminates text-or-mapping unions, so errors speak of the shape the user wrote."""
    # A model instance is a mapping too: serialising a loaded model passes instances, not dicts.
    return "mapping" if isinstance(value, dict | BaseModel) else "text"


Item = Annotated[
    Union[Annotated[Text, Tag("text")], Annotated[ListItem, Tag("mapping")]],  # noqa: UP007
    Discriminator(_kind),
]
ListItem.model_rebuild()


class Daftar(Model):
    """A (possibly nested) list inside a chapter."""

    daftar: list[Item]
    gaya: Annotated[
        Literal["angka", "huruf", "poin"], Field(description="Penomoran: 1., a., atau •.")
    ] = "angka"


Block = Annotated[
    Union[Annotated[Text, Tag("text")], Annotated[Daftar, Tag("mapping")]],  # noqa: UP007
    Discriminator(_kind),
]
"""A chapter block: a paragraph or a list."""


# --------------------------------------------------------------------------- institution


class UnitKind(StrEnum):
    BIRO = "biro"
    FAKULTAS = "fakultas"
    LEMBAGA = "lembaga"
    BAGIAN = "bagian"
    UNIT = "unit"
    PRODI = "prodi"
    PIMPINAN = "pimpinan"


class Unit(Model):
    """An organisational unit that owns SOPs."""

    id: Slug
    nama: Text
    jenis: UnitKind
    singkatan: str | None = None
    induk: Annotated[str | None, Field(description="id unit induk.")] = None


class Actor(Model):
    """A position (jabatan) that performs steps; one column of the flowchart table."""

    id: Slug
    jabatan: Annotated[Text, Field(description="Nama jabatan lengkap.")]
    singkat: Annotated[
        Text,
        Field(max_length=24, description="Label pendek untuk kolom sempit, mis. 'Kabiro AUPK'."),
    ]
    unit: Annotated[str | None, Field(description="id unit tempat jabatan ini.")] = None


class Institution(Model):
    """The institution file (`institusi.yaml`): identity, units and the actor registry."""

    nama: Annotated[Text, Field(description="Nama lengkap perguruan tinggi.")]
    singkatan: str | None = None
    kementerian: Annotated[Text, Field(description="Kementerian/lembaga induk.")]
    alamat: Text
    kota: Text
    telepon: str | None = None
    situs: WebAddress | None = None
    logo: Annotated[
        str | None, Field(description="Berkas logo, relatif terhadap folder data (SVG/PNG).")
    ] = None
    unit: list[Unit] = Field(min_length=1)
    pelaksana: Annotated[list[Actor], Field(min_length=1, description="Daftar jabatan pelaksana.")]


# --------------------------------------------------------------------------- legal basis


class RegulationKind(StrEnum):
    UU = "Undang-Undang"
    PP = "Peraturan Pemerintah"
    PERPRES = "Peraturan Presiden"
    KEPPRES = "Keputusan Presiden"
    PERMEN = "Peraturan Menteri"
    KEPMEN = "Keputusan Menteri"
    PERATURAN = "Peraturan"
    KEPUTUSAN = "Keputusan"
    PEDOMAN = "Pedoman"
    STATUTA = "Statuta"


class Regulation(Model):
    """One regulation of the legal basis catalogue, cited by id."""

    id: Slug
    jenis: RegulationKind
    penerbit: Annotated[str | None, Field(description="Mis. 'Menteri Agama', 'Menteri PANRB'.")] = (
        None
    )
    nomor: Annotated[
        str | None,
        _NumberAsText,
        Field(
            description="Nomor peraturan, mis. '35' atau '68/KMK.05/2008'; kosongkan untuk "
            "pedoman yang tidak bernomor."
        ),
    ] = None
    tahun: Annotated[int, Field(ge=1945, le=2100)]
    tentang: Text
    lembaran: Annotated[
        str | None, Field(description="Penempatan dalam Lembaran/Berita Negara.")
    ] = None
    tautan: Annotated[str | None, Field(description="Tautan ke naskah resmi.")] = None


class RegulationCatalogue(Model):
    """The legal basis file (`dasar_hukum.yaml`)."""

    peraturan: list[Regulation]


# --------------------------------------------------------------------------- decree


class Diktum(Model):
    """One part of the MEMUTUSKAN section: KESATU, KEDUA, …"""

    label: Annotated[Text, Field(description="Mis. 'KESATU'.")]
    isi: Text


class Section(Model):
    """A titled part of a chapter (A. Dasar Hukum, B. Pengertian, …)."""

    judul: Text
    isi: list[Block] = Field(min_length=1)


class Chapter(Model):
    """An introductory chapter of a decree's attachment (BAB I PENDAHULUAN)."""

    nomor: Annotated[Text, Field(description="Nomor bab dalam angka Romawi, mis. 'I'.")]
    judul: Text
    bagian: list[Section] = Field(min_length=1)


class Paraf(Model):
    """One line of the 'disusun dan diproses' initials block."""

    jabatan: Text
    nama: Text


class Decree(Model):
    """A Keputusan that puts an ordered set of SOPs in force (`keputusan/*.yaml`)."""

    id: Slug
    jenis: Annotated[Text, Field(description="Mis. 'Keputusan Rektor'.")] = "Keputusan Rektor"
    nomor: Annotated[Text, _NumberAsText]
    tahun: Annotated[int, Field(ge=1945, le=2100)]
    tentang: Text
    tempat: Text
    tanggal: dt.date
    penanda_tangan: Signer
    menimbang: list[Text] = Field(min_length=1)
    mengingat: Annotated[list[str], Field(description="id peraturan dari katalog dasar hukum.")]
    memperhatikan: list[Text] = Field(default_factory=list)
    menetapkan: Text
    diktum: list[Diktum] = Field(min_length=1)
    bab: list[Chapter] = Field(default_factory=list)
    lampiran: Annotated[
        list[str], Field(min_length=1, description="id SOP, urut sesuai nomor lampiran.")
    ]
    paraf: list[Paraf] = Field(default_factory=list)


# --------------------------------------------------------------------------- SOP


class Status(StrEnum):
    DRAFT = "draft"
    BERLAKU = "berlaku"
    DICABUT = "dicabut"
    DIGANTIKAN = "digantikan"


class Dates(Model):
    """The three dates of the identity sheet."""

    pembuatan: Annotated[dt.date, Field(description="Tanggal SOP selesai dibuat.")]
    revisi: Annotated[
        dt.date | None, Field(description="Tanggal direvisi atau rencana ditinjau ulang.")
    ] = None
    efektif: Annotated[dt.date | None, Field(description="Tanggal mulai berlaku.")] = None


class Branch(Model):
    """One labelled outgoing branch of a decision."""

    label: Annotated[Text, Field(description="Mis. 'Ya', 'Tidak', 'Lengkap', 'Tidak lengkap'.")]
    ke: Annotated[int, Field(description="Nomor langkah tujuan.")]


class Step(Model):
    """One activity row of the flowchart table."""

    no: Annotated[int, Field(ge=1, description="Nomor urut kegiatan.")]
    kegiatan: Annotated[Text, Field(description="Uraian kegiatan, kalimat aktif tanpa subjek.")]
    pelaksana: Annotated[
        Union[Annotated[str, Tag("text")], Annotated[list[str], Tag("list")]],  # noqa: UP007
        Discriminator(lambda v: "list" if isinstance(v, list) else "text"),
        Field(description="id pelaksana; daftar bila kegiatan dilakukan bersama."),
    ]
    kelengkapan: list[Text] = Field(default_factory=list, description="Mutu baku: kelengkapan.")
    waktu: Waktu | None = None
    output: str | None = None
    keterangan: str | None = None
    ke: Annotated[
        int | None,
        Field(description="Langkah berikutnya bila bukan langkah sesudahnya (selain keputusan)."),
    ] = None
    cabang: Annotated[
        list[Branch],
        Field(description="Untuk keputusan: cabang berlabel, masing-masing ke langkah tujuan."),
    ] = Field(default_factory=list)
    selesai: Annotated[
        bool, Field(description="Alur berakhir di langkah ini (akhir selain langkah terakhir).")
    ] = False

    @property
    def actors(self) -> tuple[str, ...]:
        return (self.pelaksana,) if isinstance(self.pelaksana, str) else tuple(self.pelaksana)

    @property
    def is_decision(self) -> bool:
        return bool(self.cabang)


class Keterkaitan(Model):
    """Related procedures: SOPs of this data set by id, and other procedures as text."""

    sop: list[str] = Field(default_factory=list, description="id SOP terkait.")
    lain: list[Text] = Field(default_factory=list, description="Prosedur lain (teks).")


class Definition(Model):
    istilah: Text
    arti: Text


class Requirements(Model):
    """The berkas persyaratan list."""

    judul: Text
    daftar: list[Item] = Field(min_length=1)


class Revision(Model):
    """One entry of the revision history."""

    versi: Annotated[int, Field(ge=1)]
    tanggal: dt.date
    ringkasan: Annotated[Text, Field(description="Ringkasan perubahan.")]
    disetujui_oleh: Annotated[str | None, Field(description="Jabatan/nama yang menyetujui.")] = None


class Sop(Model):
    """One SOP file (`sop/*.yaml`)."""

    id: Slug
    nomor: Annotated[Text, _NumberAsText, Field(description="Nomor SOP sesuai tata naskah dinas.")]
    judul: Text
    unit: Annotated[str, Field(description="id unit pemilik SOP.")]
    keputusan: Annotated[str | None, Field(description="id keputusan yang memberlakukan.")] = None
    versi: Annotated[int, Field(ge=1)] = 1
    status: Status = Status.BERLAKU
    digantikan_oleh: Annotated[str | None, Field(description="id SOP pengganti.")] = None
    tanggal: Dates
    tinjau_berikutnya: Annotated[
        dt.date | None, Field(description="Tanggal rencana peninjauan berikutnya.")
    ] = None
    pengesahan: Signer
    tanda_tangan_lain: list[ExtraSignature] = Field(default_factory=list)
    dasar_hukum: Annotated[list[str], Field(description="id peraturan.")] = Field(
        default_factory=list
    )
    keterkaitan: Keterkaitan = Field(default_factory=Keterkaitan)
    peringatan: list[Text] = Field(default_factory=list)
    kualifikasi: list[Text] = Field(default_factory=list)
    peralatan: list[Text] = Field(default_factory=list)
    pencatatan: list[Text] = Field(default_factory=list)
    tujuan: list[Text] = Field(default_factory=list)
    ruang_lingkup: str | None = None
    definisi: list[Definition] = Field(default_factory=list)
    referensi: list[Text] = Field(default_factory=list)
    standar_mutu_terkait: list[Text] = Field(default_factory=list)
    deskripsi: str | None = None
    penjelasan_alur: list[Text] = Field(default_factory=list)
    persyaratan: Requirements | None = None
    riwayat: list[Revision] = Field(default_factory=list)
    pelaksana: Annotated[
        list[str], Field(min_length=1, description="id pelaksana, urut sesuai kolom tabel.")
    ]
    steps: Annotated[list[Step], Field(min_length=2, description="Kegiatan, urut.")]

    def step(self, no: int) -> Step:
        return next(s for s in self.steps if s.no == no)
