"""The typed data model of an SOP data set: one source for validation, code and JSON Schema.

Keys are Indonesian, as the quality office writes them; descriptions (shown by editors through
the JSON Schema and in the site's field reference) are Indonesian too.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    field_validator,
)

from sop.ids import check_nidn, check_nip
from sop.messages import msg
from sop.names import web_address_problem

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$"),
    Field(description="Pengenal tetap: huruf kecil, angka dan tanda hubung, mis. 'kabiro-aupk'."),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

#: What the data says where a real document leaves a field blank: printed as "–", never
#: replaced by an invented value. Text fields take it as text; dates take it instead of a date.
NOT_STATED = "tidak tercantum"
NotStated = Annotated[
    Literal["tidak tercantum"],
    Field(description="Tidak tercantum pada dokumen sumber: dicetak sebagai '–'."),
]


def stated(value: object) -> bool:
    """Whether a field holds a value the document states (not empty, not 'tidak tercantum')."""
    return value is not None and value != NOT_STATED and value != ""


def _number_as_text(value: object) -> object:
    """A number or code is text. The loader (sop.yamlio) gives text fields their scalar as
    written; a number reaching one anyway is refused, never turned into other digits."""
    if isinstance(value, int | float):
        raise ValueError(msg("model.number_as_text", value=value))
    return value


_NumberAsText = BeforeValidator(_number_as_text)


def _web_address(value: str) -> str:
    """An absolute http(s) address with a host, safe in every output (sop.names)."""
    problem = web_address_problem(value)
    if problem:
        raise ValueError(problem)
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
    sampai: Annotated[
        int | None,
        Field(description="Nomor urut langkah terakhir yang dicakup bersama: satu waktu untuk "
              "langkah ini sampai langkah itu, dicetak sekali dalam sel gabungan."),
    ] = None


class Signer(Model):
    """A person who signs: position, name and staff number (each may be 'tidak tercantum')."""

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
    nik: Annotated[
        str | None, _NumberAsText, Field(description="Nomor Induk Karyawan/Kependudukan.")
    ] = None
    tempat: Annotated[
        str | None, Field(description="Tempat penandatanganan, mis. 'Bogor'.")
    ] = None


class SignatureRole(StrEnum):
    DIBUAT = "dibuat"
    DISUSUN = "disusun"
    DIPERIKSA = "diperiksa"
    DIKAJI_ULANG = "dikaji ulang"
    DIKETAHUI = "diketahui"
    DISETUJUI = "disetujui"


class ExtraSignature(Signer):
    """A further signature (dibuat/disusun/diperiksa/dikaji ulang/diketahui/disetujui oleh)."""

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


# --------------------------------------------------------------------------- flowchart table


class MutuBaku(StrEnum):
    """What a mutu baku column holds: the step's kelengkapan, waktu or output."""

    KELENGKAPAN = "kelengkapan"
    WAKTU = "waktu"
    OUTPUT = "output"


class TableColumn(Model):
    """One mutu baku column of the flowchart table, with the heading the institution prints."""

    isi: Annotated[MutuBaku, Field(description="Isi kolom: kelengkapan, waktu atau output.")]
    judul: Annotated[
        str | None, Field(description="Judul kolom seperti tercetak, mis. 'Dokumen'.")
    ] = None


def _default_columns() -> list[TableColumn]:
    return [TableColumn(isi=kind) for kind in MutuBaku]


class TableFormat(Model):
    """The columns of the flowchart table after the actors, as the institution prints them."""

    mutu_baku: Annotated[
        list[TableColumn],
        Field(description="Kolom mutu baku, urut seperti tercetak (bawaan: Kelengkapan, Waktu, "
              "Output)."),
    ] = Field(default_factory=_default_columns)
    keterangan: Annotated[bool, Field(description="Cetak kolom Keterangan.")] = True
    kolom_kosong: Annotated[
        Literal["cetak", "buang"],
        Field(description="'buang': kolom mutu baku/keterangan yang kosong di semua langkah "
              "tidak dicetak."),
    ] = "cetak"
    nomor_kolom: Annotated[
        bool, Field(description="Cetak baris nomor kolom (1, 2, 3 …) di bawah judul tabel.")
    ] = False


class IdentityFormat(Model):
    """How the identity sheet is laid out, as the institution's format prints it."""

    tanda_tangan: Annotated[
        Literal["baris", "identitas"],
        Field(description="Tanda tangan lain (disusun, diperiksa …): 'baris' = baris tanda "
              "tangan tersendiri (bagian tanda_tangan); 'identitas' = baris '… Oleh' di tabel "
              "identitas, di atas 'Disahkan Oleh'."),
    ] = "baris"
    pengesahan: Annotated[
        Literal["identitas", "baris"],
        Field(description="Tempat blok 'Disahkan Oleh' (pengesah menandatangani sekali): "
              "'identitas' = baris 'Disahkan Oleh' di tabel identitas (PermenPAN); 'baris' = "
              "blok terakhir baris tanda tangan (bagian tanda_tangan), tabel identitas tanpa "
              "baris 'Disahkan Oleh', seperti manual prosedur ISO."),
    ] = "identitas"
    kotak: Annotated[
        Literal["semua", "terisi"],
        Field(description="Enam kotak PermenPAN di bawah tabel identitas (Dasar Hukum, "
              "Kualifikasi Pelaksana, Keterkaitan, Peralatan/Perlengkapan, Peringatan, "
              "Pencatatan dan Pendataan): 'semua' = selalu keenamnya; 'terisi' = hanya yang "
              "berisi, seperti format yang tidak memakainya (mis. manual prosedur ISO)."),
    ] = "semua"


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
    kementerian: Annotated[
        Text, Field(description=f"Kementerian/lembaga induk, atau '{NOT_STATED}'.")
    ]
    alamat: Annotated[Text, Field(description=f"Alamat, atau '{NOT_STATED}'.")]
    kota: Annotated[Text, Field(description=f"Kota, atau '{NOT_STATED}'.")]
    telepon: str | None = None
    email: Annotated[str | None, Field(description="Alamat surel institusi.")] = None
    alamat_di_identitas: Annotated[
        bool,
        Field(
            description="Cetak alamat, telepon, surel dan situs di sel institusi pada lembar "
            "identitas (kop), seperti format sebagian institusi."
        ),
    ] = False
    jenis_dokumen: Annotated[
        Text,
        Field(
            description="Jenis dokumen yang dicetak di lembar identitas, bila SOP tidak "
            "menyebutnya sendiri."
        ),
    ] = "Standar Operasional Prosedur"
    situs: WebAddress | None = None
    logo: Annotated[
        str | None, Field(description="Berkas logo, relatif terhadap folder data (SVG/PNG).")
    ] = None
    tabel: Annotated[
        TableFormat, Field(description="Kolom tabel flowchart bawaan untuk setiap SOP.")
    ] = Field(default_factory=TableFormat)
    identitas: Annotated[
        IdentityFormat, Field(description="Tata letak lembar identitas bawaan untuk setiap SOP.")
    ] = Field(default_factory=IdentityFormat)
    kertas: Annotated[
        Literal["A4", "F4"],
        Field(description="Ukuran kertas PDF: A4 (210 × 297 mm) atau F4 (215 × 330 mm)."),
    ] = "A4"
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
    """The three dates of the identity sheet; each may be 'tidak tercantum'."""

    pembuatan: Annotated[
        dt.date | NotStated, Field(description="Tanggal SOP selesai dibuat.")
    ]
    revisi: Annotated[
        dt.date | NotStated | None,
        Field(description="Tanggal direvisi atau rencana ditinjau ulang."),
    ] = None
    efektif: Annotated[
        dt.date | NotStated | None, Field(description="Tanggal mulai berlaku.")
    ] = None

    @property
    def rujukan(self) -> dt.date | None:
        """The date an SOP is dated by: in force since, else made on (None if neither known)."""
        for value in (self.efektif, self.pembuatan):
            if isinstance(value, dt.date):
                return value
        return None


class Unconfirmed(StrEnum):
    """A part of a step whose value the source does not state plainly."""

    KEGIATAN = "kegiatan"
    PELAKSANA = "pelaksana"
    WAKTU = "waktu"
    KELENGKAPAN = "kelengkapan"
    OUTPUT = "output"
    ALUR = "alur"


class UnconfirmedField(StrEnum):
    """A field of an SOP whose value the source does not state plainly (derived or proposed)."""

    NOMOR = "nomor"
    UNIT = "unit"
    PEMBUATAN = "tanggal.pembuatan"
    REVISI = "tanggal.revisi"
    EFEKTIF = "tanggal.efektif"
    TINJAU = "tinjau_berikutnya"
    PENGESAHAN = "pengesahan"
    TANDA_TANGAN = "tanda_tangan_lain"
    DASAR_HUKUM = "dasar_hukum"
    KETERKAITAN = "keterkaitan"
    KUALIFIKASI = "kualifikasi"
    PERALATAN = "peralatan"
    PERINGATAN = "peringatan"
    PENCATATAN = "pencatatan"


class Branch(Model):
    """One labelled outgoing branch of a decision."""

    label: Annotated[Text, Field(description="Mis. 'Ya', 'Tidak', 'Lengkap', 'Tidak lengkap'.")]
    ke: Annotated[
        int | None,
        Field(description="Nomor langkah tujuan (atau selesai: true bila cabang mengakhiri alur)."),
    ] = None
    selesai: Annotated[
        bool,
        Field(description="Cabang ini mengakhiri alur tanpa langkah tujuan (ganti 'ke')."),
    ] = False


class Step(Model):
    """One activity row of the flowchart table."""

    no: Annotated[int, Field(ge=1, description="Nomor urut kegiatan (dipakai 'ke' dan 'cabang').")]
    nomor: Annotated[
        str | None,
        _NumberAsText,
        Field(description="Nomor langkah seperti tertulis pada sumber, mis. '2a' atau '5.3.2'; "
              "bila kosong dicetak nomor urut."),
    ] = None
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
    teks_simbol: Annotated[
        str | None,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=40),
        Field(description="Teks pendek di dalam simbol, seperti pada sumber, mis. 'Perlu "
              "disposisi?' di dalam belah ketupat."),
    ] = None
    mulai: Annotated[
        bool,
        Field(description="Titik mulai lain selain langkah pertama (mis. 'Via email' di samping "
              "'Langsung ke kantor')."),
    ] = False
    sebaris: Annotated[
        bool,
        Field(description="Digambar pada baris tabel yang sama dengan langkah sebelumnya (mis. "
              "dua keputusan dalam satu baris), dengan pelaksana lain."),
    ] = False
    belum_pasti: Annotated[
        list[Unconfirmed],
        Field(description="Isian langkah ini yang tidak dinyatakan tegas oleh sumber dan belum "
              "dikonfirmasi pemiliknya (mis. kolom pelaksana yang ditetapkan dari uraian); "
              "nomor langkahnya dicetak bertanda * dengan catatan."),
    ] = Field(default_factory=list)

    @property
    def label(self) -> str:
        """The step's number as printed: the source's own ('2a') or its place in the order."""
        return self.nomor or str(self.no)

    @property
    def actors(self) -> tuple[str, ...]:
        return (self.pelaksana,) if isinstance(self.pelaksana, str) else tuple(self.pelaksana)

    @property
    def is_decision(self) -> bool:
        return bool(self.cabang)


class SubProcedure(Model):
    """One of several flowcharts of a document: a title and the step it starts at."""

    judul: Annotated[Text, Field(description="Judul sub-prosedur seperti pada sumber.")]
    dari: Annotated[
        int, Field(description="Nomor urut (`no`) langkah pertama sub-prosedur ini.")
    ]


class Keterkaitan(Model):
    """Related procedures: SOPs of this data set by id, and other procedures as text."""

    sop: list[str] = Field(default_factory=list, description="id SOP terkait.")
    lain: list[Text] = Field(default_factory=list, description="Prosedur lain (teks).")


class Definition(Model):
    istilah: Text
    arti: Text


class SectionKind(StrEnum):
    """The parts of an SOP document that `susunan` can place, besides free sections."""

    TUJUAN = "tujuan"
    RUANG_LINGKUP = "ruang_lingkup"
    DEFINISI = "definisi"
    PIHAK_TERKAIT = "pihak_terkait"
    REFERENSI = "referensi"
    STANDAR_MUTU_TERKAIT = "standar_mutu_terkait"
    KEBIJAKAN = "kebijakan"
    DESKRIPSI = "deskripsi"
    PENJELASAN_ALUR = "penjelasan_alur"
    PERSYARATAN = "persyaratan"
    FLOWCHART = "flowchart"
    TANDA_TANGAN = "tanda_tangan"


class Placement(Model):
    """One section of the document as the source orders, numbers and titles it.

    Either `bagian` names a part the data holds (tujuan, flowchart …), or the entry is a free
    section of its own with `judul` and `isi`.
    """

    bagian: Annotated[
        SectionKind | None, Field(description="Bagian data yang ditempatkan di sini.")
    ] = None
    label: Annotated[
        str | None, _NumberAsText, Field(description="Huruf/nomor bagian pada sumber: 'A', '1'.")
    ] = None
    judul: Annotated[str | None, Field(description="Judul bagian seperti pada sumber.")] = None
    isi: Annotated[
        list[Block], Field(description="Isi bagian bebas (paragraf atau daftar).")
    ] = Field(default_factory=list)


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


class Review(Model):
    """One periodic review of the version in force, recorded by `sop tinjau`. Not printed on
    the copies, so not part of the version's fingerprint (sop.revisions.fingerprint)."""

    tanggal: Annotated[dt.date, Field(description="Tanggal peninjauan.")]
    hasil: Annotated[Text, Field(description="Hasil peninjauan, mis. 'Masih sesuai'.")]
    berikutnya: Annotated[
        dt.date | None, Field(description="Tanggal rencana peninjauan berikutnya.")
    ] = None


class Sop(Model):
    """One SOP file (`sop/*.yaml`)."""

    id: Slug
    nomor: Annotated[
        Text,
        _NumberAsText,
        Field(description=f"Nomor SOP sesuai tata naskah dinas, atau '{NOT_STATED}'."),
    ]
    judul: Text
    jenis_dokumen: Annotated[
        str | None,
        Field(
            description="Jenis dokumen seperti tercetak, mis. 'Standar Operasional Prosedur', "
            "'Manual Prosedur', 'Instruksi Kerja' (bawaan: dari institusi.yaml)."
        ),
    ] = None
    unit: Annotated[str, Field(description="id unit pemilik SOP.")]
    keputusan: Annotated[str | None, Field(description="id keputusan yang memberlakukan.")] = None
    versi: Annotated[int, Field(ge=1)] = 1
    status: Status = Status.BERLAKU
    digantikan_oleh: Annotated[str | None, Field(description="id SOP pengganti.")] = None
    tanggal: Dates
    tinjau_berikutnya: Annotated[
        dt.date | None, Field(description="Tanggal rencana peninjauan berikutnya.")
    ] = None
    belum_pasti: Annotated[
        list[UnconfirmedField],
        Field(description="Isian SOP ini yang tidak dinyatakan tegas oleh sumber (diturunkan "
              "atau diusulkan) dan belum dikonfirmasi pemiliknya, mis. [nomor, kualifikasi]; "
              "dicetak bertanda * dengan catatan."),
    ] = Field(default_factory=list)
    pengesahan: Signer
    tanda_tangan_lain: list[ExtraSignature] = Field(default_factory=list)
    tanda_tangan_elektronik: Annotated[
        str | None,
        Field(
            description="Pernyataan tanda tangan elektronik (mis. sertifikat BSrE); dicetak di "
            "bawah lembar identitas, dengan kode QR di sel Disahkan."
        ),
    ] = None
    tabel: Annotated[
        TableFormat | None,
        Field(description="Kolom tabel flowchart SOP ini, bila berbeda dari institusi.yaml."),
    ] = None
    identitas: Annotated[
        IdentityFormat | None,
        Field(description="Tata letak lembar identitas SOP ini, bila berbeda dari institusi.yaml."),
    ] = None
    susunan: Annotated[
        list[Placement],
        Field(
            description="Urutan, huruf/nomor dan judul bagian seperti pada dokumen sumber; "
            "kosong: urutan baku."
        ),
    ] = Field(default_factory=list)
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
    unit_terkait: Annotated[
        list[Text], Field(description="Unit yang terkait (bagian ruang lingkup).")
    ] = Field(default_factory=list)
    definisi: list[Definition] = Field(default_factory=list)
    pihak_terkait: list[Text] = Field(default_factory=list)
    referensi: list[Text] = Field(default_factory=list)
    standar_mutu_terkait: list[Text] = Field(default_factory=list)
    kebijakan: list[Text] = Field(default_factory=list)
    deskripsi: str | None = None
    penjelasan_alur: list[Text] = Field(default_factory=list)
    persyaratan: Requirements | None = None
    riwayat: list[Revision] = Field(default_factory=list)
    tinjauan: Annotated[
        list[Review],
        Field(description="Peninjauan berkala versi ini (ditulis oleh `sop tinjau`); tidak "
              "mengubah sidik jari, PDF, maupun versi."),
    ] = Field(default_factory=list)
    pelaksana: Annotated[
        list[str], Field(min_length=1, description="id pelaksana, urut sesuai kolom tabel.")
    ]
    steps: Annotated[list[Step], Field(min_length=2, description="Kegiatan, urut.")]
    sub_prosedur: Annotated[
        list[SubProcedure],
        Field(description="Beberapa bagan alir dalam satu dokumen, masing-masing dengan judul "
              "dan tabelnya sendiri: langkah dibagi urut menurut langkah pertamanya (`dari`)."),
    ] = Field(default_factory=list)

    def step(self, no: int) -> Step:
        return next(s for s in self.steps if s.no == no)

    def sub_parts(self) -> list[tuple[str, int, int]]:
        """(title, first, last step index) of each sub-procedure, in order; none without
        `sub_prosedur` or when they do not divide the steps (sop check reports it)."""
        index = {s.no: i for i, s in enumerate(self.steps)}
        firsts = [index.get(p.dari, -1) for p in self.sub_prosedur]
        if not firsts or firsts[0] != 0 or firsts != sorted(set(firsts)):
            return []
        lasts = [*(f - 1 for f in firsts[1:]), len(self.steps) - 1]
        return [(p.judul, f, last) for p, f, last in
                zip(self.sub_prosedur, firsts, lasts, strict=True)]

    def rows(self) -> list[list[int]]:
        """The step indices drawn in each table row, in order: a step marked `sebaris` joins
        the row of the step before it (the first step cannot; sop check reports it)."""
        out: list[list[int]] = []
        for i, step in enumerate(self.steps):
            if step.sebaris and out:
                out[-1].append(i)
            else:
                out.append([i])
        return out

    def waktu_spans(self) -> list[tuple[int, int]]:
        """(first, last) step indices of each time standard that spans several rows
        (`waktu.sampai`); one that names no later step is left out (sop check reports it)."""
        index = {s.no: i for i, s in enumerate(self.steps)}
        return [(i, index[s.waktu.sampai]) for i, s in enumerate(self.steps)
                if s.waktu and s.waktu.sampai is not None and index.get(s.waktu.sampai, -1) > i]


# --------------------------------------------------------------------------- search

Term = Annotated[str, Field(min_length=1, max_length=80)]


class SearchSettings(Model):
    """pencarian.yaml: `sinonim`, groups of words or phrases that mean the same to a reader."""

    sinonim: Annotated[
        list[Annotated[list[Term], Field(min_length=2)]],
        Field(description="Kelompok kata/frasa yang sama artinya bagi pembaca, mis. "
              "[guru besar, profesor]."),
    ] = Field(default_factory=list)

    @field_validator("sinonim")
    @classmethod
    def _distinct(cls, groups: list[list[str]]) -> list[list[str]]:
        for group in groups:
            terms = [normalise(t) for t in group]
            if "" in terms:
                raise ValueError(msg("model.synonym_empty"))
            if len(set(terms)) != len(terms):
                raise ValueError(msg("model.synonym_twice", group=group))
        return groups

    def groups(self) -> list[list[str]]:
        """The groups as the browser compares them: lower case, single spaces."""
        return [[normalise(t) for t in group] for group in self.sinonim]


def normalise(text: str) -> str:
    """Lower case, words separated by single spaces (as sop-search.js normalises a query)."""
    return " ".join(text.lower().split())
