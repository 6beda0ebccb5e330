"""Indonesian text helpers shared by every renderer: dates, durations, staff numbers, citations.

Pure functions of model values, returning plain text (never markup): the caller escapes.
"""

from __future__ import annotations

import datetime as dt

from sop.ids import format_nip
from sop.model import NOT_STATED, Regulation, Signer, Sop, Waktu

#: How a field the document does not state is printed, on the web and on paper.
TIDAK_TERCANTUM = "–"

BULAN = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def tanggal(date: dt.date | str | None, empty: str = "") -> str:
    """A date in full Indonesian form: date(2022, 8, 22) -> '22 Agustus 2022'; a date the
    document does not state ('tidak tercantum') -> '–'."""
    if date == NOT_STATED:
        return TIDAK_TERCANTUM
    if not isinstance(date, dt.date):
        return empty
    return f"{date.day} {BULAN[date.month - 1]} {date.year}"


def angka(value: float) -> str:
    """A number as Indonesians write it: 15.0 -> '15', 1.5 -> '1,5'."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:g}".replace(".", ",")


def waktu(value: Waktu | None, empty: str = "") -> str:
    """A time standard: Waktu(15, menit) -> '15 menit'."""
    if value is None:
        return empty
    return f"{angka(value.nilai)} {value.unit.value}"


def printed(value: object) -> object:
    """Jinja `finalize` of every template: a field the document does not state prints as '–'
    wherever it appears, alone in a cell or inside a link."""
    return TIDAK_TERCANTUM if value == NOT_STATED else value


def isian(value: str | None) -> str:
    """A text field as printed: 'tidak tercantum' -> '–', nothing -> ''."""
    return TIDAK_TERCANTUM if value == NOT_STATED else (value or "")


def nomor_pegawai(signer: Signer) -> str:
    """The staff number line under a signature: 'NIP. 19601215 198802 1 001', NIDN, NIY, NIK,
    'NIP. –' when the document leaves it blank, or ''."""
    for label, value in (("NIP", signer.nip), ("NIDN", signer.nidn), ("NIY", signer.niy),
                         ("NIK", signer.nik)):
        if value == NOT_STATED:
            return f"{label}. {TIDAK_TERCANTUM}"
        if value:
            return f"NIP. {format_nip(value)}" if label == "NIP" else f"{label}. {value}"
    return ""


def nama_peraturan(reg: Regulation) -> str:
    """A regulation's name: 'Peraturan Menteri Agama Nomor 2 Tahun 2018' (no 'tentang')."""
    kind = reg.jenis.value
    words = (reg.penerbit or "").split()
    if words and words[0].casefold() == kind.split()[-1].casefold():
        words = words[1:]  # 'Peraturan Menteri' + 'Menteri Agama' -> 'Peraturan Menteri Agama'
    if words:
        kind = f"{kind} {' '.join(words)}"
    nomor = (reg.nomor or "").strip()
    parts = [kind]
    if nomor and nomor != "-":
        parts.append(f"Nomor {nomor}")
    if not nomor.endswith(str(reg.tahun)):
        parts.append(f"Tahun {reg.tahun}")
    return " ".join(parts)


def sitasi(reg: Regulation, lembaran: bool = False) -> str:
    """A full citation: name, 'tentang …' and, on request, its placement in the Lembaran Negara.

    An unnumbered document whose subject already names its kind ('Pedoman Operasional …') is
    cited as subject, issuer and year, the way the documents themselves are titled.
    """
    subject = reg.tentang.strip()
    if not (reg.nomor or "").strip() and subject.casefold().startswith(reg.jenis.value.casefold()):
        text = " ".join(
            p for p in (subject, (reg.penerbit or "").strip(), f"Tahun {reg.tahun}") if p
        )
    else:
        text = f"{nama_peraturan(reg)} tentang {subject}"
    if lembaran and reg.lembaran:
        text += f" ({reg.lembaran.strip().strip('()')})"
    return text


#: What each `belum_pasti` entry names, in the note under the identity table.
UNCONFIRMED = {
    "kegiatan": "uraian kegiatan",
    "pelaksana": "pelaksana",
    "waktu": "waktu",
    "kelengkapan": "kelengkapan",
    "output": "output",
    "alur": "langkah berikutnya",
}


#: The SOP's own fields in that note, in the order of the identity sheet.
UNCONFIRMED_FIELDS = {
    "nomor": "nomor SOP",
    "unit": "unit",
    "tanggal.pembuatan": "tanggal pembuatan",
    "tanggal.revisi": "tanggal revisi",
    "tanggal.efektif": "tanggal efektif",
    "tinjau_berikutnya": "tanggal tinjau berikutnya",
    "pengesahan": "pengesah",
    "tanda_tangan_lain": "penanda tangan lain",
    "dasar_hukum": "dasar hukum",
    "keterkaitan": "keterkaitan",
    "kualifikasi": "kualifikasi pelaksana",
    "peralatan": "peralatan/perlengkapan",
    "peringatan": "peringatan",
    "pencatatan": "pencatatan dan pendataan",
}
UNSURE = " *"
"""The mark after a value (or a step number: "2*") that the note explains."""
UNSURE_LEGEND = "* belum dikonfirmasi pemilik dokumen (lihat catatan di lembar identitas)"
"""What a sheet that shows a * without the note says of it (flowchart sheets, signature row)."""


#: The fields a PDF copy does not print (the planned review is the web's).
NOT_ON_PAPER = ("tinjau_berikutnya",)


def belum_pasti(sop: Sop, paper: bool = False) -> str:
    """The note that explains the * marks: which of the SOP's fields (on `paper`, only those a
    PDF copy prints) and which facts of which steps the source does not state plainly ('' when
    every fact is confirmed)."""
    own = [UNCONFIRMED_FIELDS[f] for f in UNCONFIRMED_FIELDS
           if f in sop.belum_pasti and not (paper and f in NOT_ON_PAPER)]
    steps: dict[str, list[str]] = {}
    for step in sop.steps:
        for what in step.belum_pasti:
            steps.setdefault(what.value, []).append(step.label)
    facts = own + [f"{UNCONFIRMED[what]} langkah {', '.join(labels)}"
                   for what, labels in steps.items()]
    if not facts:
        return ""
    return (f"* Tidak dinyatakan tegas oleh dokumen sumber dan belum dikonfirmasi pemiliknya: "
            f"{'; '.join(facts)}.")


def mark(sop: Sop, field: str) -> str:
    """The * mark when the SOP marks `field` unconfirmed, else ''."""
    return UNSURE if field in sop.belum_pasti else ""


def unsure(sop: Sop, field: str, value: str) -> str:
    """`value` with the * mark when the SOP marks `field` unconfirmed (nothing printed, or a
    value not stated, printed "–", is never marked)."""
    if value in ("", "-", NOT_STATED, TIDAK_TERCANTUM):
        return value
    return value + mark(sop, field)
