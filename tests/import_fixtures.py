"""Documents for the import tests, made by the tests: Word files written with python-docx in
the PermenPAN layouts (identity table with its left cell merged down, flowchart table with a
two-row header, symbols as DrawingML shapes anchored in cells with a VML fallback), and the
SOPs they hold. No third-party document is committed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.oxml import parse_xml
from docx.shared import Pt

EMU = 12700  # per pt
COL_W = {"no": 30, "kegiatan": 150, "actor": 80, "kelengkapan": 90, "waktu": 50, "output": 70,
         "keterangan": 70}
ROW_H = 50.0
SYMBOL = (15.0, 15.0, 50.0, 20.0)  # x, y, w, h inside an actor cell (pt)

NSDECL = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)
PRESET = {"terminator": "flowChartTerminator", "process": "flowChartProcess",
          "decision": "flowChartDecision", "offpage": "flowChartOffpageConnector"}
VML = {"terminator": '<v:roundrect {style}>', "process": '<v:rect {style}>',
       "decision": '<v:shape type="#_x0000_t110" {style}>',
       "offpage": '<v:shape type="#_x0000_t177" {style}>'}
VML_END = {"terminator": "</v:roundrect>", "process": "</v:rect>", "decision": "</v:shape>",
           "offpage": "</v:shape>"}


@dataclass
class FxStep:
    kegiatan: str
    actor: int
    kind: str = "process"
    kelengkapan: list[str] = field(default_factory=list)
    waktu: str = ""
    output: str = ""
    keterangan: str = ""
    branch: tuple[str, str, int] | None = None  # decision: main label, other label, target no
    text: str = ""  # text inside the symbol
    ke: int | None = None


@dataclass
class FxSop:
    judul: str
    nomor: str
    actors: list[str]
    steps: list[FxStep]
    unit: str = "Biro Umum"
    institusi: str = "Universitas Contoh"
    pembuatan: str = "10 Januari 2024"
    revisi: str = "-"
    efektif: str = "15 Januari 2024"
    signer: list[str] = field(
        default_factory=lambda: ["Rektor", "Dr. Contoh", "NIP. 19601215 198802 1 001"]
    )
    sections: dict[str, list[str]] = field(default_factory=dict)


def layanan() -> FxSop:
    """Three actors, a decision that loops back, mutu baku in every form."""
    return FxSop(
        judul="Layanan Surat Keterangan",
        nomor="SOP/02/2024",
        actors=["Mahasiswa", "Staf", "Kepala Biro Umum Baru"],
        sections={
            "DASAR HUKUM": [
                "1. Peraturan Menteri PANRB Nomor 35 Tahun 2012 tentang Pedoman Penyusunan SOP",
                "2. Peraturan Rektor Nomor 7 Tahun 2021 tentang Layanan Administrasi",
            ],
            "KUALIFIKASI PELAKSANA": ["1. Memahami tata naskah dinas", "2. Mampu mengetik"],
            "KETERKAITAN": ["SOP Surat Masuk"],
            "PERALATAN/PERLENGKAPAN": ["Komputer", "Printer"],
            "PERINGATAN": ["Apabila berkas tidak lengkap, maka permohonan dikembalikan"],
            "PENCATATAN DAN PENDATAAN": ["Buku agenda"],
        },
        steps=[
            FxStep("Mengajukan permohonan surat", 0, "terminator", ["Formulir", "KTM"],
                   "5 menit", "Formulir terisi", "Lihat SOP Surat Masuk"),
            FxStep("Memeriksa kelengkapan berkas", 1, "decision", ["Formulir"], "10 menit",
                   "Hasil periksa", branch=("Lengkap", "Tidak lengkap", 1),
                   text="Lengkap?"),
            FxStep("Membuat draf surat", 1, "process", [], "1 hari kerja", "Draf surat",
                   text="Via Email"),
            FxStep("Menandatangani surat", 2, "process", ["Draf surat"], "Triwulanan", "Surat"),
            FxStep("Menerima surat", 0, "terminator", [], "15", "Surat"),
        ],
    )


def cuti() -> FxSop:
    return FxSop(
        judul="Permohonan Cuti Pegawai",
        nomor="SOP/03/2024",
        actors=["Staf", "Rektor"],
        steps=[
            FxStep("Mengajukan cuti", 0, "terminator", waktu="10 menit", output="Formulir"),
            FxStep("Menyetujui cuti", 1, "process", waktu="1 hari", output="Persetujuan"),
            FxStep("Mengarsipkan", 0, "terminator", waktu="5 menit", output="Arsip"),
        ],
    )


# ------------------------------------------------------------------------------ shapes


def _anchor(preset: str, x: float, y: float, w: float, h: float, *, text: str = "",
            flip_h: bool = False, flip_v: bool = False, line: bool = True, arrow: bool = False,
            vml: str = "", ident: int = 1) -> str:
    """A floating DrawingML shape in mc:AlternateContent, with a VML fallback (same text)."""
    flips = (' flipH="1"' if flip_h else "") + (' flipV="1"' if flip_v else "")
    ln = ('<a:ln><a:tailEnd type="triangle"/></a:ln>' if arrow else
          "<a:ln/>" if line else "<a:ln><a:noFill/></a:ln>")
    body = (f"<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>"
            if text else "")
    txbx = f"<wps:txbx>{body}</wps:txbx>" if text else ""
    style = (f'style="position:absolute;margin-left:{x}pt;margin-top:{y}pt;width:{w}pt;'
             f'height:{h}pt"')
    fallback = ""
    if vml:
        fallback = ("<mc:Fallback><w:pict>" + VML.get(vml, '<v:line {style}>').format(
            style=style) + (f"<v:textbox>{body}</v:textbox>" if body else "")
            + VML_END.get(vml, "</v:line>") + "</w:pict></mc:Fallback>")
    return (
        f'<w:r {NSDECL}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        f'<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" '
        f'relativeHeight="{ident}" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="column"><wp:posOffset>{int(x * EMU)}</wp:posOffset>'
        '</wp:positionH>'
        f'<wp:positionV relativeFrom="paragraph"><wp:posOffset>{int(y * EMU)}</wp:posOffset>'
        '</wp:positionV>'
        f'<wp:extent cx="{int(w * EMU)}" cy="{int(h * EMU)}"/><wp:wrapNone/>'
        f'<wp:docPr id="{ident}" name="Shape {ident}"/>'
        '<a:graphic><a:graphicData '
        'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f'<wps:wsp><wps:cNvSpPr/><wps:spPr><a:xfrm{flips}><a:off x="0" y="0"/>'
        f'<a:ext cx="{int(w * EMU)}" cy="{int(h * EMU)}"/></a:xfrm>'
        f'<a:prstGeom prst="{preset}"><a:avLst/></a:prstGeom>{ln}</wps:spPr>{txbx}'
        "<wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>"
        f"</mc:Choice>{fallback}</mc:AlternateContent></w:r>"
    )


def _connector(x0: float, y0: float, x1: float, y1: float, ident: int) -> str:
    """An arrow from (x0, y0) to (x1, y1), in the coordinates of the cell it is anchored in."""
    preset = "straightConnector1" if abs(x0 - x1) < 0.5 else "bentConnector3"
    return _anchor(preset, min(x0, x1), min(y0, y1), abs(x1 - x0), abs(y1 - y0),
                   flip_h=x1 < x0, flip_v=y1 < y0, arrow=True, ident=ident, vml="line")


# ------------------------------------------------------------------------------ tables


def _widths(table, widths: list[float]) -> None:
    grid = table._tbl.tblGrid
    for col, w in zip(grid.findall(grid[0].tag), widths, strict=True):
        col.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}w",
                str(int(w * 20)))


def _set(cell, lines: list[str] | str) -> None:
    lines = [lines] if isinstance(lines, str) else lines
    cell.text = lines[0] if lines else ""
    for line in lines[1:]:
        cell.add_paragraph(line)


def identity_table(doc, sop: FxSop) -> None:
    """The identity sheet: the left cell merged down the label rows, then three section rows."""
    labels = [("NOMOR SOP", sop.nomor), ("TANGGAL PEMBUATAN", sop.pembuatan),
              ("TANGGAL REVISI", sop.revisi), ("TANGGAL EFEKTIF", sop.efektif),
              ("DISAHKAN OLEH", sop.signer), ("NAMA SOP", sop.judul.upper())]
    sections = list(sop.sections.items())
    pairs = [(sections[i], sections[i + 1]) for i in range(0, len(sections) - 1, 2)]
    table = doc.add_table(rows=len(labels) + len(pairs), cols=3)
    table.style = "Table Grid"
    left = table.cell(0, 0).merge(table.cell(len(labels) - 1, 0))
    _set(left, ["KEMENTERIAN AGAMA REPUBLIK INDONESIA", sop.institusi.upper(), sop.unit.upper()])
    for r, (label, value) in enumerate(labels):
        _set(table.cell(r, 1), label)
        _set(table.cell(r, 2), value)
    for i, ((l_label, l_items), (r_label, r_items)) in enumerate(pairs):
        r = len(labels) + i
        _set(table.cell(r, 0), [f"{l_label}:", *l_items])
        right = table.cell(r, 1).merge(table.cell(r, 2))
        _set(right, [f"{r_label}:", *r_items])


def flow_table(doc, sop: FxSop, style: str = "shapes", heights: bool = True,
               numbers_row: bool = False) -> None:
    """The flowchart table: No | Kegiatan | Pelaksana (one column per actor) | Mutu Baku
    (Kelengkapan, Waktu, Output) | Keterangan, with a symbol per row (style 'shapes'), a text
    mark ('marks') or a pasted picture over the actor columns ('picture')."""
    n = len(sop.actors)
    cols = 2 + n + 4
    head = 2 + (1 if numbers_row else 0)
    table = doc.add_table(rows=head + len(sop.steps), cols=cols)
    table.style = "Table Grid"
    _widths(table, [COL_W["no"], COL_W["kegiatan"], *[COL_W["actor"]] * n, COL_W["kelengkapan"],
                    COL_W["waktu"], COL_W["output"], COL_W["keterangan"]])
    for c, text in ((0, "NO"), (1, "KEGIATAN"), (cols - 1, "KETERANGAN")):
        _set(table.cell(0, c).merge(table.cell(1, c)), text)
    _set(table.cell(0, 2).merge(table.cell(0, 1 + n)), "PELAKSANA")
    _set(table.cell(0, 2 + n).merge(table.cell(0, 4 + n)), "MUTU BAKU")
    for a, name in enumerate(sop.actors):
        _set(table.cell(1, 2 + a), name)
    for i, name in enumerate(("KELENGKAPAN", "WAKTU", "OUTPUT")):
        _set(table.cell(1, 2 + n + i), name)
    if numbers_row:
        for c in range(cols):
            _set(table.cell(2, c), str(c + 1))
    for i, step in enumerate(sop.steps):
        r = head + i
        row = table.rows[r]
        if heights:
            row.height = Pt(ROW_H)
            row.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY
        _set(table.cell(r, 0), str(i + 1))
        _set(table.cell(r, 1), step.kegiatan)
        _set(table.cell(r, 2 + n), step.kelengkapan)
        _set(table.cell(r, 3 + n), step.waktu)
        _set(table.cell(r, 4 + n), step.output)
        _set(table.cell(r, 5 + n), step.keterangan)
        cell = table.cell(r, 2 + step.actor)
        if style == "marks":
            _set(cell, "√")
        elif style == "shapes":
            _shapes(cell, sop, i)
    if heights:
        for r in range(head):
            table.rows[r].height = Pt(ROW_H / 2)
            table.rows[r].height_rule = WD_ROW_HEIGHT_RULE.EXACTLY
    if style == "picture":
        table.cell(head, 2).paragraphs[0].add_run().add_picture(io.BytesIO(png()), width=Pt(150))


def _shapes(cell, sop: FxSop, i: int) -> None:
    """The symbol of step i and the arrows leaving it, anchored in its cell."""
    step = sop.steps[i]
    x, y, w, h = SYMBOL
    p = cell.paragraphs[0]._p
    p.append(parse_xml(_anchor(PRESET[step.kind], x, y, w, h, text=step.text, vml=step.kind,
                               ident=100 + i)))
    cx, bottom = x + w / 2, y + h
    aw = COL_W["actor"]
    if i + 1 < len(sop.steps) and step.ke is None:
        nxt = sop.steps[i + 1]
        dx = (nxt.actor - step.actor) * aw
        p.append(parse_xml(_connector(cx, bottom, cx + dx, ROW_H + y, 200 + i)))
        if step.branch:
            p.append(parse_xml(_anchor("rect", cx + 2, bottom + 1, 40, 9, text=step.branch[0],
                                       line=False, ident=300 + i)))
    target = step.branch[2] if step.branch else step.ke
    if target is not None:
        back = sop.steps[target - 1]
        dx = (back.actor - step.actor) * aw
        up = (target - 1 - i) * ROW_H
        p.append(parse_xml(_connector(x, y + h / 2, dx + x + w, up + y + h / 2, 400 + i)))
        if step.branch:
            p.append(parse_xml(_anchor("rect", x - 14, y - 2, 14, 9, text=step.branch[1],
                                       line=False, ident=500 + i)))


def png(size: tuple[int, int] = (60, 40)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, "white").save(out, format="PNG")
    return out.getvalue()


def write_docx(path: Path, sops: list[FxSop], **flow: object) -> Path:
    doc = Document()
    for k, sop in enumerate(sops):
        if k:
            doc.add_page_break()
        identity_table(doc, sop)
        doc.add_paragraph()
        flow_table(doc, sop, **flow)  # type: ignore[arg-type]
        doc.add_paragraph("Deskripsi Singkat SOP")
        doc.add_paragraph(f"SOP ini mengatur {sop.judul.lower()}.")
    doc.save(str(path))
    return path
