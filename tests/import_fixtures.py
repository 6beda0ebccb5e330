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
    # The format variants (issue 17): the kind caption in the institution cell, mutu baku
    # headings in the source's order (None: the layout's usual ones), a Keterangan column or
    # not, a column-number row, headed sections before and after the flowchart (heading, its
    # lines), the heading of the flowchart itself, signature blocks (one cell's lines each) and
    # an e-signature statement.
    caption: str = ""
    mutu: list[str] | None = None
    keterangan: bool = True
    numbers_row: bool = False
    before: list[tuple[str, list[str]]] = field(default_factory=list)
    flow_heading: str = ""
    after: list[tuple[str, list[str]]] = field(default_factory=list)
    signatures: list[list[str]] = field(default_factory=list)
    tte: str = ""


MUTU_FIELD = {"KELENGKAPAN": "kelengkapan", "DOKUMEN": "kelengkapan", "WAKTU": "waktu",
              "OUTPUT": "output", "HASIL": "output"}


def _mutu_value(step: FxStep, heading: str) -> list[str] | str:
    return getattr(step, MUTU_FIELD[heading])


def manual() -> FxSop:
    """An ISO-style manual prosedur: numbered sections in the source's own order and titles,
    an unknown heading, Dokumen | Waktu without Keterangan and a column-number row, a
    requirements list with sub-items, Disusun/Diperiksa/Disahkan blocks and a BSrE note."""
    return FxSop(
        judul="Pengendalian Dokumen Mutu",
        nomor="MP-LPM-01",
        actors=["Staf", "Rektor"],
        caption="MANUAL PROSEDUR",
        mutu=["DOKUMEN", "WAKTU"],
        keterangan=False,
        numbers_row=True,
        signer=["Malang", "Rektor", "Prof. Dr. Contoh, M.Si.", "NIDN. 0011223344"],
        before=[
            ("1. TUJUAN", ["1. Menjamin dokumen yang dipakai adalah versi terbaru.",
                           "2. Mencegah pemakaian dokumen kedaluwarsa."]),
            ("2. RUANG LINGKUP", ["Prosedur ini berlaku di seluruh unit kerja.",
                                  "1. Lembaga Penjaminan Mutu", "2. Unit pemilik dokumen"]),
            ("3. DEFINISI", ["Dokumen terkendali: Dokumen yang perubahannya dicatat.",
                             "Master dokumen: Dokumen asli yang disahkan."]),
            ("4. KEBIJAKAN", ["1. Setiap dokumen memiliki kode."]),
        ],
        flow_heading="5. PROSEDUR",
        after=[
            ("6. CATATAN MUTU", ["1. Daftar induk dokumen", "2. Bukti distribusi"]),
            ("Berkas Persyaratan Perubahan Dokumen", [
                "1. Formulir perubahan", "2. Lampiran yang meliputi", "a. Draf dokumen baru",
                "b. Dokumen lama", "3. Surat pengantar"]),
        ],
        signatures=[
            ["Disusun oleh,", "Staf LPM", "Rina Contoh, S.Kom.", "NIK. 198801012015042001"],
            ["Diperiksa oleh,", "Kepala LPM", "Dr. Budi Contoh, M.T.", "NIDN. 0512037801"],
            ["Malang", "Disahkan oleh,", "Rektor", "Prof. Dr. Contoh, M.Si.",
             "NIDN. 0011223344"],
        ],
        tte="Dokumen ini telah ditandatangani secara elektronik menggunakan sertifikat "
            "elektronik yang diterbitkan oleh Balai Sertifikasi Elektronik (BSrE).",
        steps=[
            FxStep("Mengajukan perubahan dokumen", 0, "terminator", ["Formulir perubahan"],
                   "1 hari kerja"),
            FxStep("Mengesahkan dokumen", 1, "process", ["Draf dokumen"], "2 hari kerja"),
            FxStep("Mendistribusikan dokumen", 0, "terminator", [], "1 hari kerja"),
        ],
    )


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
    black = '<a:solidFill><a:srgbClr val="000000"/></a:solidFill>'
    ln = (f'<a:ln w="9525">{black}<a:tailEnd type="triangle"/></a:ln>' if arrow else
          f'<a:ln w="9525">{black}</a:ln>' if line else "<a:ln><a:noFill/></a:ln>")
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
    labels = [(label, value) for label, value in labels if value]  # no signer: no Disahkan row
    sections = list(sop.sections.items())
    pairs = [(sections[i], sections[i + 1]) for i in range(0, len(sections) - 1, 2)]
    table = doc.add_table(rows=len(labels) + len(pairs), cols=3)
    table.style = "Table Grid"
    left = table.cell(0, 0).merge(table.cell(len(labels) - 1, 0))
    _set(left, ["KEMENTERIAN AGAMA REPUBLIK INDONESIA", sop.institusi.upper(), sop.unit.upper(),
                *([sop.caption] if sop.caption else [])])
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
    (Kelengkapan, Waktu, Output, or the SOP's own) | Keterangan (unless the SOP has none), with
    a symbol per row (style 'shapes'), a text mark ('marks') or a pasted picture over the actor
    columns ('picture')."""
    n = len(sop.actors)
    mutu = sop.mutu or ["KELENGKAPAN", "WAKTU", "OUTPUT"]
    m = len(mutu)
    cols = 2 + n + m + (1 if sop.keterangan else 0)
    numbers_row = numbers_row or sop.numbers_row
    head = 2 + (1 if numbers_row else 0)
    table = doc.add_table(rows=head + len(sop.steps), cols=cols)
    table.style = "Table Grid"
    widths = [COL_W["no"], COL_W["kegiatan"], *[COL_W["actor"]] * n,
              *[COL_W[MUTU_FIELD[h]] for h in mutu]]
    _widths(table, widths + ([COL_W["keterangan"]] if sop.keterangan else []))
    for c, text in ((0, "NO"), (1, "KEGIATAN")) + (
        ((cols - 1, "KETERANGAN"),) if sop.keterangan else ()
    ):
        _set(table.cell(0, c).merge(table.cell(1, c)), text)
    _set(table.cell(0, 2).merge(table.cell(0, 1 + n)), "PELAKSANA")
    _set(table.cell(0, 2 + n).merge(table.cell(0, 1 + n + m)), "MUTU BAKU")
    for a, name in enumerate(sop.actors):
        _set(table.cell(1, 2 + a), name)
    for i, name in enumerate(mutu):
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
        for k, name in enumerate(mutu):
            _set(table.cell(r, 2 + n + k), _mutu_value(step, name))
        if sop.keterangan:
            _set(table.cell(r, cols - 1), step.keterangan)
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


def _heading(doc, text: str) -> None:
    doc.add_paragraph().add_run(text).bold = True


def _section(doc, heading: str, lines: list[str]) -> None:
    _heading(doc, heading)
    for line in lines:
        doc.add_paragraph(line)


def signature_table(doc, sop: FxSop) -> None:
    """Signature blocks side by side, one cell each, with room to sign above the name."""
    table = doc.add_table(rows=1, cols=len(sop.signatures))
    for cell, lines in zip(table.rows[0].cells, sop.signatures, strict=True):
        _set(cell, [*lines[:-2], "", "", *lines[-2:]])


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
        if sop.tte:
            doc.add_paragraph(sop.tte)
        doc.add_paragraph()
        for heading, lines in sop.before:
            _section(doc, heading, lines)
        if sop.flow_heading:
            _heading(doc, sop.flow_heading)
        flow_table(doc, sop, **flow)  # type: ignore[arg-type]
        for heading, lines in sop.after:
            _section(doc, heading, lines)
        if sop.signatures:
            signature_table(doc, sop)
        if not sop.after:
            doc.add_paragraph("Deskripsi Singkat SOP")
            doc.add_paragraph(f"SOP ini mengatur {sop.judul.lower()}.")
    doc.save(str(path))
    return path


# ------------------------------------------------------------------------------ PDF


PDF_COL = {"no": 24, "kegiatan": 150, "actor": 70, "kelengkapan": 90, "output": 60,
           "waktu": 50, "keterangan": 60}
PDF_HEAD = 40.0  # two header rows + the column-number row (pt)
PDF_ROW = 48.0


def _symbol_geometry(sop: FxSop) -> list[tuple[str, float, float, float, float]]:
    """(kind, x, y, w, h) of each step's symbol over the actor columns, in pt."""
    out = []
    for i, step in enumerate(sop.steps):
        w, h = (36.0, 20.0) if step.kind == "decision" else (50.0, 18.0)
        x = step.actor * PDF_COL["actor"] + (PDF_COL["actor"] - w) / 2
        out.append((step.kind, x, i * PDF_ROW + (PDF_ROW - h) / 2, w, h))
    return out


def _arrows(sop: FxSop) -> list[tuple[list[tuple[float, float]], str | None]]:
    """Arrow polylines (tail to head) between the symbols, with the branch label if any."""
    geo = _symbol_geometry(sop)
    out: list[tuple[list[tuple[float, float]], str | None]] = []
    for i, step in enumerate(sop.steps):
        _, x, y, w, h = geo[i]
        if i + 1 < len(sop.steps):
            _, nx, ny, nw, _ = geo[i + 1]
            mid = y + h + (ny - y - h) / 2
            out.append(([(x + w / 2, y + h), (x + w / 2, mid), (nx + nw / 2, mid),
                         (nx + nw / 2, ny)], step.branch[0] if step.branch else None))
        if step.branch:
            _, tx, ty, tw, th = geo[step.branch[2] - 1]
            side = x + w + 8
            out.append(([(x + w, y + h / 2), (side, y + h / 2), (side, ty + th / 2),
                         (tx + tw, ty + th / 2)], step.branch[1]))
    return out


def _svg(sop: FxSop, width: float, height: float) -> str:
    parts = []
    for kind, x, y, w, h in _symbol_geometry(sop):
        if kind == "decision":
            pts = f"{x + w / 2},{y} {x + w},{y + h / 2} {x + w / 2},{y + h} {x},{y + h / 2}"
            parts.append(f'<polygon points="{pts}" fill="white" stroke="black"/>')
        else:
            rx = h / 2 if kind == "terminator" else 0
            parts.append(f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="{rx}" '
                         'fill="white" stroke="black"/>')
    for pts, _ in _arrows(sop):
        line = " ".join(f"{px},{py}" for px, py in pts[:-1])
        (ax, ay), (bx, by) = pts[-2], pts[-1]
        end = (bx - 3 * _sign(bx - ax), by - 3 * _sign(by - ay))
        parts.append(f'<polyline points="{line} {end[0]},{end[1]}" fill="none" '
                     'stroke="black"/>')
        dx, dy = _sign(bx - ax), _sign(by - ay)
        left = (end[0] - 2.5 * dy, end[1] - 2.5 * dx)
        right = (end[0] + 2.5 * dy, end[1] + 2.5 * dx)
        parts.append(f'<polygon points="{bx},{by} {left[0]},{left[1]} {right[0]},{right[1]}" '
                     'fill="black"/>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}pt" height="{height}pt" '
            f'viewBox="0 0 {width} {height}">{"".join(parts)}</svg>')


def _sign(v: float) -> int:
    return (v > 0) - (v < 0)


def flow_png(sop: FxSop, width: float, height: float, scale: int = 3) -> bytes:
    """The same drawing as one picture (what Word/Excel exports often embed)."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (int(width * scale), int(height * scale)), "white")
    d = ImageDraw.Draw(img)
    for kind, x, y, w, h in _symbol_geometry(sop):
        box = [x * scale, y * scale, (x + w) * scale, (y + h) * scale]
        if kind == "decision":
            d.polygon([((x + w / 2) * scale, y * scale), ((x + w) * scale, (y + h / 2) * scale),
                       ((x + w / 2) * scale, (y + h) * scale), (x * scale, (y + h / 2) * scale)],
                      outline="black", width=scale)
        elif kind == "terminator":
            d.rounded_rectangle(box, radius=h / 2 * scale, outline="black", width=scale)
        else:
            d.rectangle(box, outline="black", width=scale)
    for pts, _ in _arrows(sop):
        d.line([(px * scale, py * scale) for px, py in pts], fill="black", width=scale)
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def flow_html(sop: FxSop, picture: bool = False, tmp: Path | None = None) -> str:
    """A flowchart sheet: Aktivitas header, a column-number row, mutu baku as Kelengkapan |
    Output | Waktu (or the SOP's own), symbols as vector drawing or as one picture over the
    actor columns."""
    n = len(sop.actors)
    mutu = sop.mutu or ["KELENGKAPAN", "OUTPUT", "WAKTU"]
    ket = ["KETERANGAN"] if sop.keterangan else []
    widths = [PDF_COL["no"], PDF_COL["kegiatan"], *[PDF_COL["actor"]] * n,
              *[PDF_COL[MUTU_FIELD[h]] for h in mutu], *[PDF_COL["keterangan"]] * len(ket)]
    cols = "".join(f'<col style="width:{w}pt">' for w in widths)
    head = (f'<tr style="height:14pt"><th rowspan="2">NO</th><th rowspan="2">AKTIVITAS</th>'
            f'<th colspan="{n}">PELAKSANA</th><th colspan="{len(mutu)}">MUTU BAKU</th>'
            + "".join(f'<th rowspan="2">{k}</th>' for k in ket) + '</tr><tr style="height:14pt">'
            + "".join(f"<th>{_esc(a)}</th>" for a in sop.actors)
            + "".join(f"<th>{h}</th>" for h in mutu) + "</tr>"
            + '<tr style="height:12pt">' + "".join(f"<td>{i + 1}</td>" for i in range(len(widths)))
            + "</tr>")
    body = ""
    for i, s in enumerate(sop.steps):
        cells = ""
        for h in mutu:
            value = _mutu_value(s, h)
            cells += ("<td>" + "".join(f"<div>- {_esc(k)}</div>" for k in value) + "</td>"
                      if isinstance(value, list) else f"<td>{_esc(value)}</td>")
        cells += "".join(f"<td>{_esc(s.keterangan)}</td>" for _ in ket)
        body += (f'<tr style="height:{PDF_ROW}pt"><td>{i + 1}</td><td>{_esc(s.kegiatan)}</td>'
                 + "<td></td>" * n + cells + "</tr>")
    area_w, area_h = n * PDF_COL["actor"], len(sop.steps) * PDF_ROW
    left = PDF_COL["no"] + PDF_COL["kegiatan"]
    if picture:
        assert tmp is not None
        png_path = tmp / "flow.png"
        png_path.write_bytes(flow_png(sop, area_w, area_h))
        drawing = f'<img src="{png_path.as_uri()}" style="width:{area_w}pt;height:{area_h}pt">'
    else:
        drawing = _svg(sop, area_w, area_h)
    labels = "".join(
        f'<div class="lab" style="left:{left + pts[0][0] + 3}pt;top:{top + pts[0][1] + 1}pt">'
        f"{_esc(label)}</div>" for pts, label in _arrows(sop) if label and not picture
        for top in (PDF_HEAD + (16 if sop.flow_heading else 0),))
    title = (f'<h3 class="ft">{_esc(sop.flow_heading)} — {_esc(sop.judul)}</h3>'
             if sop.flow_heading else "")
    top = PDF_HEAD + (16 if sop.flow_heading else 0)
    return (f'<div class="sheet">{title}<table>{cols}{head}{body}</table>'
            f'<div class="draw" style="left:{left}pt;top:{top}pt">{drawing}</div>'
            f"{labels}</div>")


def sections_html(parts: list[tuple[str, list[str]]]) -> str:
    """Headed sections as a word processor exports them: a bold heading, then its lines."""
    out = ""
    for heading, lines in parts:
        out += f"<h3>{_esc(heading)}</h3>" + "".join(f"<p>{_esc(x)}</p>" for x in lines)
    return out


def signatures_html(sop: FxSop) -> str:
    if not sop.signatures:
        return ""
    cells = "".join(
        "<td>" + "".join(f"<div>{_esc(x)}</div>" for x in lines[:-2])
        + '<div style="height:30pt"></div>'
        + "".join(f"<div>{_esc(x)}</div>" for x in lines[-2:]) + "</td>"
        for lines in sop.signatures)
    return f'<table class="ttd"><tr>{cells}</tr></table>'


PDF_CSS = """
@page { size: A4 landscape; margin: 20pt; }
body { font: 7pt 'Liberation Sans', sans-serif; margin: 0; }
table { border-collapse: collapse; table-layout: fixed; }
td, th { border: 0.6pt solid black; padding: 0 1pt; vertical-align: top; overflow: hidden; }
th { font-weight: bold; }
.sheet { position: relative; page-break-before: always; }
.draw { position: absolute; line-height: 0; }
.lab { position: absolute; font-size: 6pt; }
.id td { width: 150pt; height: 16pt; }
h3 { font-size: 9pt; font-weight: bold; margin: 8pt 0 3pt; }
h3.ft { margin: 0 0 4pt; height: 12pt; font-size: 8pt; }
p { margin: 0 0 2pt; }
.ttd td { border: none; width: 180pt; text-align: center; }
.tte { font-style: italic; margin-top: 4pt; }
"""


def identity_html(sop: FxSop) -> str:
    rows = [("NOMOR SOP", sop.nomor), ("TANGGAL PEMBUATAN", sop.pembuatan),
            ("TANGGAL REVISI", sop.revisi), ("TANGGAL EFEKTIF", sop.efektif),
            ("DISAHKAN OLEH", "<br>".join(map(_esc, sop.signer))),
            ("NAMA SOP", _esc(sop.judul.upper()))]
    rows = [(label, value) for label, value in rows if value]  # no signer: no Disahkan row
    caption = f"<br><br>{_esc(sop.caption)}" if sop.caption else ""
    left = (f'<td rowspan="{len(rows)}">KEMENTERIAN AGAMA REPUBLIK INDONESIA<br>'
            f"{_esc(sop.institusi.upper())}<br>{_esc(sop.unit.upper())}{caption}</td>")
    trs = "".join(f"<tr>{left if i == 0 else ''}<td>{label}</td><td>{value}</td></tr>"
                  for i, (label, value) in enumerate(rows))
    sections = list(sop.sections.items())
    for a, b in zip(sections[::2], sections[1::2], strict=False):
        trs += "<tr>" + "".join(
            f'<td colspan="{1 if k == 0 else 2}">{_esc(label)}:<br>'
            + "<br>".join(map(_esc, lines)) + "</td>" for k, (label, lines) in enumerate((a, b))
        ) + "</tr>"
    tte = f'<p class="tte">{_esc(sop.tte)}</p>' if sop.tte else ""
    return f'<table class="id">{trs}</table>{tte}'


def write_pdf(path: Path, sops: list[FxSop], picture: bool = False) -> Path:
    """A digitally produced SOP PDF drawn by WeasyPrint: identity sheet, flowchart sheet."""
    from weasyprint import HTML

    body = "".join(
        identity_html(s) + sections_html(s.before) + flow_html(s, picture, path.parent)
        + (f'<div class="sheet">{sections_html(s.after)}{signatures_html(s)}</div>'
           if s.after or s.signatures else "")
        for s in sops)
    html = f"<html><head><style>{PDF_CSS}</style></head><body>{body}</body></html>"
    HTML(string=html).write_pdf(str(path))
    return path


def image_only_pdf(path: Path) -> Path:
    """A scanned document: one page that is only a picture."""
    from PIL import Image

    Image.new("RGB", (600, 800), "white").save(str(path), format="PDF")
    return path
