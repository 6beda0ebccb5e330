"""What the PDF templates print: plain view data computed from the model, no markup.

Every value here is text (escaped by Jinja) or a list/dict of text; dates, staff numbers and
citations are already in their Indonesian printed form.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import segno

from sop import sections, text
from sop.dataset import DataSet
from sop.model import Daftar, Decree, IdentityFormat, Item, SectionKind, Signer, Sop, stated
from sop.pdf.flow import FlowSheets
from sop.pdf.sources import logo_uri
from sop.revisions import fingerprint

COPY_KINDS = ("unduhan", "resmi")
STATUS_MARK = {"draft": "DRAF", "dicabut": "DICABUT", "digantikan": "DIGANTIKAN"}
"""Printed across the pages of an SOP that is not in force."""
ROLE_LABEL = {
    "dibuat": "Dibuat oleh",
    "disusun": "Disusun oleh",
    "diperiksa": "Diperiksa oleh",
    "dikaji ulang": "Dikaji ulang oleh",
    "diketahui": "Diketahui oleh",
    "disetujui": "Disetujui oleh",
}


@dataclass(frozen=True)
class Options:
    """Per-build settings that end up printed in a PDF."""

    site_url: str
    build_date: dt.date
    version: str


def page_url(site_url: str, kind: str, ident: str) -> str:
    """The public page of an SOP ('sop') or decree ('keputusan')."""
    return f"{site_url.rstrip('/')}/{kind}/{ident}/"


def version_url(site_url: str, sop: Sop) -> str:
    """The stable page of one SOP version, which says whether that version is in force."""
    return f"{page_url(site_url, 'sop', sop.id)}v{sop.versi}/"


def signer(person: Signer, role: str = "", mark: str = "") -> dict[str, str]:
    """A signature block: role line, position (with the * of an unconfirmed signer), name and
    staff number."""
    return {
        "peran": role,
        "tempat": person.tempat or "",
        "jabatan": person.jabatan + mark if stated(person.jabatan) else person.jabatan,
        "nama": person.nama,
        "nomor": text.nomor_pegawai(person),
    }


def items(entries: list[Item]) -> list[dict[str, Any]]:
    """A nested list as {teks, rincian} dicts (strings become leaves)."""
    return [
        {"teks": e, "rincian": []}
        if isinstance(e, str)
        else {"teks": e.teks, "rincian": items(e.rincian)}
        for e in entries
    ]


def institution(data: DataSet, unit_id: str | None = None, unsure: str = "") -> dict[str, Any]:
    """The institution block of the identity sheet and cover: the owning unit (with the * of
    an unconfirmed unit) under its parent units (a program studi under its fakultas), and the
    address lines the format shows there."""
    inst = data.institution
    units = [u.nama for u in data.unit_chain(unit_id or "")]
    return {
        "kementerian": inst.kementerian if stated(inst.kementerian) else None,
        "nama": inst.nama,
        "singkatan": inst.singkatan,
        "unit": [*units[:-1], units[-1] + unsure] if units else [],
        "alamat": inst.alamat if stated(inst.alamat) else None,
        "kota": inst.kota,
        "telepon": inst.telepon,
        "email": inst.email,
        "situs": inst.situs,
        "kop": contact_lines(data) if inst.alamat_di_identitas else [],
        "logo": logo_uri(data),
    }


def contact_lines(data: DataSet) -> list[str]:
    """Address, then telephone, e-mail and website on one line: only what the data states."""
    inst = data.institution
    address = ", ".join(v for v in (inst.alamat, inst.kota) if stated(v) and v not in inst.alamat)
    address = inst.alamat + (f", {address}" if address else "") if stated(inst.alamat) else address
    contact = [
        f"{label} {value}"
        for label, value in (("Telp.", inst.telepon), ("Surel", inst.email), ("Laman", inst.situs))
        if value and stated(value)
    ]
    return [line for line in (address, " · ".join(contact)) if line]


def qr_uri(url: str) -> str:
    """A QR code for `url` as an SVG data: URI, 16 mm wide. Its mask is fixed (as in
    sop.pdf.footer): any mask makes a valid code, and choosing the best one costs most of the
    encoding time."""
    qr = segno.make(url, error="m", micro=False, mask=0)
    modules = qr.symbol_size(scale=1, border=0)[0]
    return qr.svg_data_uri(scale=16 / modules, border=0, unit="mm", dark="#000")


def related(data: DataSet, sop: Sop) -> list[str]:
    """Keterkaitan lines: related SOPs by nomor and judul, then free text."""
    lines = []
    for sid in sop.keterkaitan.sop:
        other = data.sops.get(sid)
        if other is not None:  # an SOP never published is not named on a published copy
            lines.append(f"SOP {other.judul} (Nomor {text.unsure(other, 'nomor', other.nomor)})")
    return lines + list(sop.keterkaitan.lain)


def decree_label(decree: Decree, inst_name: str) -> dict[str, str]:
    """How a decree is named: 'Keputusan Rektor … Nomor 869 Tahun 2022'."""
    nomor = (
        decree.nomor
        if decree.nomor.endswith(str(decree.tahun))
        else f"{decree.nomor} Tahun {decree.tahun}"
    )
    return {
        "jenis": decree.jenis,
        "institusi": inst_name,
        "nomor": nomor,
        "singkat": f"{decree.jenis} Nomor {nomor}",
        "tentang": decree.tentang,
        "tanggal": text.tanggal(decree.tanggal),
    }


def sop_context(
    data: DataSet, sop: Sop, flow: FlowSheets, copy: str, opts: Options
) -> dict[str, Any]:
    """Everything one SOP's sheets print (identity, flowchart, narrative, copy footer)."""
    if copy not in COPY_KINDS:
        raise ValueError(f"copy must be one of {COPY_KINDS}, got {copy!r}")
    decree = data.decrees.get(sop.keputusan or "")
    identity = identity_format(data, sop)
    return {
        "id": sop.id,
        "nomor": text.unsure(sop, "nomor", sop.nomor),
        "judul": sop.judul,
        "versi": sop.versi,
        "status": sop.status.value,
        "tanda_status": STATUS_MARK.get(sop.status.value),
        "jenis_dokumen": sop.jenis_dokumen or data.institution.jenis_dokumen,
        "lampiran": data.lampiran_number(sop),
        "keputusan": decree_label(decree, data.institution.nama) if decree else None,
        "institusi": institution(data, sop.unit, unsure=text.mark(sop, "unit")),
        "tanggal": {
            key: text.unsure(sop, f"tanggal.{key}", text.tanggal(
                getattr(sop.tanggal, key), "" if key == "pembuatan" else "-"))
            for key in ("pembuatan", "revisi", "efektif")
        },
        "pengesahan": signer(sop.pengesahan, "Disahkan oleh", text.mark(sop, "pengesahan")),
        "tanda_tangan": [
            signer(s, ROLE_LABEL[s.peran.value], text.mark(sop, "tanda_tangan_lain"))
            | {"unit": s.unit or ""}
            for s in sop.tanda_tangan_lain
        ],
        "identitas": identity,
        "kotak": boxes(data, sop),
        "bagian": [part_view(sop, i, p) for i, p in enumerate(printed_parts(data, sop), 1)],
        "flow": flow,
        "tte": sop.tanda_tangan_elektronik,
        "belum_pasti": text.belum_pasti(sop, paper=True),
        "langkah_belum_pasti": any(step.belum_pasti for step in sop.steps),
        "legenda_bintang": text.UNSURE_LEGEND,
        "tte_url": version_url(opts.site_url, sop) if opts.site_url else "",
        "salinan": copy_note(opts, sop) if copy == "unduhan" else None,
    }


def printed_parts(data: DataSet, sop: Sop) -> list[sections.Part]:
    """The parts of the SOP's sheets; the signature row is none of them when the format prints
    every signature in the identity grid (sections.signature_row)."""
    return sections.parts(sop, identity_format(data, sop))


def identity_format(data: DataSet, sop: Sop) -> IdentityFormat:
    """The identity sheet's layout: the SOP's own, else its institution's."""
    return sop.identitas or data.institution.identitas


def boxes(data: DataSet, sop: Sop) -> list[dict[str, Any]]:
    """The PermenPAN boxes under the identity table, in their printed order: all six, or, for a
    format without them (`identitas.kotak: terisi`), only those the SOP fills."""
    fmt = identity_format(data, sop)
    shown = [
        {"judul": title, "isi": entries, "tanda": text.mark(sop, field) if entries else ""}
        for field, title, entries in (
            ("dasar_hukum", "Dasar Hukum",
             [text.sitasi(data.regulations[r]) for r in sop.dasar_hukum]),
            ("kualifikasi", "Kualifikasi Pelaksana", list(sop.kualifikasi)),
            ("keterkaitan", "Keterkaitan", related(data, sop)),
            ("peralatan", "Peralatan/Perlengkapan", list(sop.peralatan)),
            ("peringatan", "Peringatan", list(sop.peringatan)),
            ("pencatatan", "Pencatatan dan Pendataan", list(sop.pencatatan)),
        )
    ]
    return shown if fmt.kotak == "semua" else [b for b in shown if b["isi"]]


#: The anchors (and so the outline entries) the bundled documents' parts always had.
_ANCHORS = {
    SectionKind.DESKRIPSI: "deskripsi",
    SectionKind.PENJELASAN_ALUR: "alur",
    SectionKind.PERSYARATAN: "persyaratan",
    SectionKind.FLOWCHART: "flowchart",
    SectionKind.TANDA_TANGAN: "pengesahan",
}


def part_view(sop: Sop, number: int, part: sections.Part) -> dict[str, Any]:
    """One part as the templates print it: heading, anchor, and its content as plain lists."""
    kind = part.kind
    content: dict[str, Any] = {
        "daftar": [],
        "daftar_judul": "",
        "paragraf": None,
        "definisi": [],
        "rincian": [],
        "blok": [_block(b) for b in part.isi],
    }
    if kind is not None and kind.value in _LISTS:
        content["daftar"] = list(getattr(sop, kind.value))
    elif kind is SectionKind.RUANG_LINGKUP:
        content |= {"paragraf": sop.ruang_lingkup, "daftar": list(sop.unit_terkait),
                    "daftar_judul": "Unit terkait" if sop.ruang_lingkup else ""}
    elif kind is SectionKind.DEFINISI:
        content["definisi"] = [{"istilah": d.istilah, "arti": d.arti} for d in sop.definisi]
    elif kind is SectionKind.DESKRIPSI:
        content["paragraf"] = sop.deskripsi
    elif kind is SectionKind.PERSYARATAN and sop.persyaratan:
        content["rincian"] = items(sop.persyaratan.daftar)
    anchor = _ANCHORS.get(kind) if kind else None
    if anchor is None:
        anchor = f"ketentuan-{number}" if part.lettered else f"bagian-{number}"
    return {
        "jenis": kind.value if kind else "bebas",
        "judul": part.heading,
        "anchor": f"{sop.id}-{anchor}",
        "setelah_flowchart": part.after_flow,
        **content,
    }


_LISTS = {"tujuan", "pihak_terkait", "referensi", "standar_mutu_terkait", "kebijakan",
          "penjelasan_alur"}


def copy_note(opts: Options, sop: Sop) -> dict[str, str]:
    """The downloadable copy's footer: where and when it was printed, the version and its
    fingerprint, and the address of that version's own page (which says if it is in force),
    printed and as a QR code."""
    return {
        "situs": opts.site_url.rstrip("/") or "situs SOP",
        "tanggal": text.tanggal(opts.build_date),
        "url": page_url(opts.site_url, "sop", sop.id) if opts.site_url else "",
        "versi": str(sop.versi),
        "sidik_jari": fingerprint(sop),
        "versi_url": version_url(opts.site_url, sop) if opts.site_url else "",
    }


def document_meta(
    data: DataSet, title: str, subject: str, keywords: list[str], opts: Options, created: dt.date
) -> dict[str, Any]:
    """PDF metadata: WeasyPrint reads <title> and <meta name=…> into the document info.

    `created` is the build date only for the downloadable copy, which prints it anyway; the
    official copy and the decree book carry their own dates, so they never change with the day
    they are built (and are not rendered again the next day).
    """
    return {
        "title": title,
        "subject": subject,
        "author": data.institution.nama,
        "keywords": ", ".join(k for k in keywords if k),
        "generator": f"sop-publisher {opts.version}",
        "created": created.isoformat(),
    }


def sop_document(
    data: DataSet, sop: Sop, flow: FlowSheets, copy: str, opts: Options
) -> dict[str, Any]:
    """The template context of a single-SOP PDF."""
    ctx = sop_context(data, sop, flow, copy, opts)
    return {
        "meta": sop_meta(data, sop, copy, opts),
        "sop": ctx,
        "copy": copy,
        "header": data.institution.nama,
    }


def sop_meta(data: DataSet, sop: Sop, copy: str, opts: Options) -> dict[str, Any]:
    """The PDF metadata of one SOP's copy."""
    return document_meta(
        data,
        f"SOP {sop.judul}",
        f"Standar Operasional Prosedur Nomor {sop.nomor}"
        + (" (salinan resmi untuk ditandatangani)" if copy == "resmi" else ""),
        [
            "SOP",
            sop.nomor,
            data.units[sop.unit].nama,
            *(data.actors[a].jabatan for a in sop.pelaksana),
        ],
        opts,
        opts.build_date if copy == "unduhan" else sop.tanggal.rujukan or opts.build_date,
    )


def roman(number: int) -> str:
    """1 -> 'I', 4 -> 'IV', 14 -> 'XIV' (chapter numbers)."""
    out = ""
    for value, letters in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        count, number = divmod(number, value)
        out += letters * count
    return out


def _subject(tentang: str) -> str:
    """'Standar Operasional Prosedur Usulan X' -> 'Usulan X' (the cover prints the prefix)."""
    prefix = "standar operasional prosedur"
    rest = tentang[len(prefix) :].strip() if tentang.casefold().startswith(prefix) else tentang
    return rest or tentang


def _block(block: str | Daftar) -> dict[str, Any]:
    """A chapter block: a paragraph, or a list with its numbering style."""
    if isinstance(block, str):
        return {"paragraf": block, "daftar": [], "gaya": "angka"}
    return {"paragraf": None, "daftar": items(block.daftar), "gaya": block.gaya}


def _chapters(decree: Decree) -> list[dict[str, Any]]:
    """BAB I … with lettered sections whose blocks are paragraphs or (nested) lists."""
    return [
        {
            "nomor": bab.nomor,
            "judul": bab.judul,
            "anchor": f"bab-{bab.nomor.lower()}",
            "bagian": [
                {
                    "huruf": chr(ord("A") + i),
                    "judul": part.judul,
                    "anchor": f"bab-{bab.nomor.lower()}-{i + 1}",
                    "isi": [_block(block) for block in part.isi],
                }
                for i, part in enumerate(bab.bagian)
            ],
        }
        for bab in decree.bab
    ]


def book_document(data: DataSet, decree: Decree, pages: list[int], opts: Options) -> dict[str, Any]:
    """The template context of a decree book's own pages (sop.pdf.book): cover, keputusan,
    contents, chapters, penutup; each SOP is only named (its sheets are its official PDF,
    joined in afterwards) and
    carries `loncat`, how far the page counter jumps at its placeholder page (1 for the first,
    else the previous SOP's page count); `penutup_loncat` is the jump onto the Penutup."""
    if len(pages) != len(decree.lampiran):
        raise ValueError(f"{len(decree.lampiran)} SOPs in the lampiran, {len(pages)} page counts")
    sops = [
        {"id": sid, "judul": data.sops[sid].judul, "nomor": data.sops[sid].nomor, "loncat": jump}
        for sid, jump in zip(decree.lampiran, [1, *pages[:-1]], strict=True)
    ]
    return _decree_parts(data, decree, sops, opts) | {"penutup_loncat": pages[-1] if pages else 1}


def _decree_parts(
    data: DataSet, decree: Decree, sops: list[dict[str, Any]], opts: Options
) -> dict[str, Any]:
    """What a decree book prints besides its SOPs' sheets (`sops` name the lampiran)."""
    inst = data.institution
    label = decree_label(decree, inst.nama)
    keputusan = {
        "menimbang": list(decree.menimbang),
        "mengingat": [text.sitasi(data.regulations[r], lembaran=True) for r in decree.mengingat],
        "memperhatikan": list(decree.memperhatikan),
        "menetapkan": decree.menetapkan,
        "diktum": [{"label": d.label, "isi": d.isi} for d in decree.diktum],
        "tempat": decree.tempat,
        "tanggal": text.tanggal(decree.tanggal),
        "penanda_tangan": signer(decree.penanda_tangan),
    }
    meta = document_meta(
        data,
        f"{label['singkat']} tentang {decree.tentang}",
        f"{label['singkat']} tentang {decree.tentang}, beserta lampiran {len(sops)} SOP",
        ["SOP", "Keputusan", label["singkat"], *(s["nomor"] for s in sops)],
        opts,
        decree.tanggal,
    )
    return {
        "meta": meta,
        "header": inst.nama,
        "label": label,
        "institusi": institution(data),
        "tahun": decree.tahun,
        "subjek": _subject(decree.tentang),
        "keputusan": keputusan,
        "bab": _chapters(decree),
        "bab_sop": {"nomor": roman(len(decree.bab) + 1), "anchor": "bab-sop"},
        "sops": sops,
        "paraf": [{"jabatan": p.jabatan, "nama": p.nama} for p in decree.paraf],
    }
