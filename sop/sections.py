"""The parts of an SOP document in the order, numbering and titles that its source gives them.

A document from another institution orders its sections its own way ("A. Tujuan … G.") and
may have headings the model has no key for; `susunan` in the data says so. Without it, the
parts come in the order of the bundled PermenPAN documents: the further signatures under the
identity sheet, the ISO-style sections lettered A, B, C …, the flowchart, then the narrative.
Both the PDF and the web page print what `parts` returns; nothing here knows either of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sop.model import Block, IdentityFormat, Placement, SectionKind, Sop

K = SectionKind

#: The title each part prints when the source gives none.
TITLES = {
    K.TUJUAN: "Tujuan",
    K.RUANG_LINGKUP: "Ruang Lingkup",
    K.DEFINISI: "Definisi",
    K.PIHAK_TERKAIT: "Pihak Terkait",
    K.REFERENSI: "Referensi",
    K.STANDAR_MUTU_TERKAIT: "Standar Mutu Terkait",
    K.KEBIJAKAN: "Kebijakan",
    K.DESKRIPSI: "Deskripsi Singkat SOP",
    K.PENJELASAN_ALUR: "Penjelasan Alur SOP",
    K.PERSYARATAN: "Berkas Persyaratan",
    K.FLOWCHART: "Bagian Flowchart",
    K.TANDA_TANGAN: "",
}
#: The ISO-style sections, lettered in this order when the data gives no `susunan`.
LETTERED = (
    K.TUJUAN,
    K.RUANG_LINGKUP,
    K.DEFINISI,
    K.PIHAK_TERKAIT,
    K.REFERENSI,
    K.STANDAR_MUTU_TERKAIT,
    K.KEBIJAKAN,
)
NARRATIVE = (K.DESKRIPSI, K.PENJELASAN_ALUR, K.PERSYARATAN)

#: Whether the SOP holds anything for a part (a part without content is not printed).
HAS_CONTENT: dict[SectionKind, Callable[[Sop], object]] = {
    K.TUJUAN: lambda s: s.tujuan,
    K.RUANG_LINGKUP: lambda s: s.ruang_lingkup or s.unit_terkait,
    K.DEFINISI: lambda s: s.definisi,
    K.PIHAK_TERKAIT: lambda s: s.pihak_terkait,
    K.REFERENSI: lambda s: s.referensi,
    K.STANDAR_MUTU_TERKAIT: lambda s: s.standar_mutu_terkait,
    K.KEBIJAKAN: lambda s: s.kebijakan,
    K.DESKRIPSI: lambda s: s.deskripsi,
    K.PENJELASAN_ALUR: lambda s: s.penjelasan_alur,
    K.PERSYARATAN: lambda s: s.persyaratan,
    K.FLOWCHART: lambda s: True,
    K.TANDA_TANGAN: lambda s: s.tanda_tangan_lain,  # in the usual format; see has_content
}


@dataclass(frozen=True)
class Part:
    """One part of the document as printed: what it is, its heading, and where it falls."""

    kind: SectionKind | None  # None: a free section of the source, with its own `isi`
    label: str  # 'A', '5.3', or '' when the source numbers it not
    title: str  # as the source writes it ('TUJUAN'), else the usual title
    isi: tuple[Block, ...]
    after_flow: bool  # printed after the flowchart sheets
    lettered: bool  # one of the identity sheet's lettered sections (not the narrative)

    @property
    def heading(self) -> str:
        """'A. Tujuan', 'G.' (a label alone), or the title alone."""
        if self.label and self.title:
            return f"{self.label}. {self.title}"
        return f"{self.label}." if self.label else self.title


def default_layout(sop: Sop) -> list[Placement]:
    """The order of the bundled documents, lettering the ISO-style sections that have content."""
    lettered = [k for k in LETTERED if HAS_CONTENT[k](sop)]
    return [
        Placement(bagian=K.TANDA_TANGAN),
        *(Placement(bagian=k, label="ABCDEFGHIJ"[i]) for i, k in enumerate(lettered)),
        Placement(bagian=K.FLOWCHART),
        *(Placement(bagian=k) for k in NARRATIVE),
    ]


def signature_row(sop: Sop, identity: IdentityFormat) -> bool:
    """Whether the SOP has a signature row to print: its further signatures when the format puts
    them in a row, or the pengesah when the format has them sign there (and not in the grid)."""
    further = identity.tanda_tangan == "baris" and bool(sop.tanda_tangan_lain)
    return further or identity.pengesahan == "baris"


def has_content(sop: Sop, kind: SectionKind, identity: IdentityFormat) -> bool:
    """Whether a part has anything to print in this identity format."""
    if kind is K.TANDA_TANGAN:
        return signature_row(sop, identity)
    return bool(HAS_CONTENT[kind](sop))


def parts(sop: Sop, identity: IdentityFormat | None = None) -> list[Part]:
    """Every part to print, in order; parts without content are left out (free sections never:
    a heading the source prints without content is printed too), and so is the signature row
    when the identity format has nothing to print there (`identity`: the SOP's effective
    format, the usual PermenPAN sheet when not given)."""
    identity = identity or IdentityFormat()
    result = []
    after_flow = False
    for place in sop.susunan or default_layout(sop):
        kind = place.bagian
        if kind is K.FLOWCHART:
            after_flow = True
        if kind is not None and not has_content(sop, kind, identity):
            continue
        result.append(Part(
            kind=kind,
            label=place.label or "",
            title=place.judul if place.judul is not None else _title(sop, kind),
            isi=tuple(place.isi),
            after_flow=after_flow and kind is not K.FLOWCHART,
            lettered=not after_flow and kind not in NARRATIVE,
        ))
    return result


def _title(sop: Sop, kind: SectionKind | None) -> str:
    if kind is K.PERSYARATAN and sop.persyaratan:
        return sop.persyaratan.judul
    return TITLES[kind] if kind else ""

