"""Words in the flowchart are never broken inside: actor headers and branch labels wrap at
spaces, a word too wide for its place is set smaller (never under 6.5 pt) and only then
hyphenated by the Indonesian rules (PUEBI); "Mahasisw a" and "Memberika n" no more."""

from __future__ import annotations

import pytest

from sop.flowchart import layout_pages
from sop.flowchart.hyphen import break_points, syllables
from sop.flowchart.metrics import MIN_FONT, text_width
from sop.flowchart.shapes import TextLine
from sop.flowchart.table import PAD
from sop.model import Actor, Sop

NAMES = ["Mahasiswa", "Perpustakaan", "Subkoor. Kepegawaian", "Dosen Pembimbing",
         "Ketua Program Studi", "Kepala Laboratorium", "Sekretaris Jurusan",
         "Pelaksana Kepegawaian", "Wakil Dekan Akademik", "Tim Penilai", "Rektor",
         "Bagian Keuangan"]
LABELS = ["Memberikan solusi", "Tidak disetujui pembimbing", "Perpustakaan menolak", "Ya"]


@pytest.mark.parametrize(("word", "parts"), [
    ("Mahasiswa", "Ma-ha-sis-wa"), ("Perpustakaan", "Per-pus-ta-ka-an"),
    ("Memberikan", "Mem-be-ri-kan"), ("Kepegawaian", "Ke-pe-ga-wai-an"),
    ("sangat", "sa-ngat"), ("menyanyi", "me-nya-nyi"), ("instrumen", "in-stru-men"),
    ("mandi", "man-di"), ("bapak", "ba-pak"), ("saat", "sa-at"),
    ("ekor", "ekor"),  # no piece of a single letter
    ("ISO-9001", "ISO-9001"),  # only words are hyphenated
])
def test_indonesian_syllables(word: str, parts: str) -> None:
    assert "-".join(syllables(word)) == parts


def _sop(actors: int) -> Sop:
    ids = [f"p{i}" for i in range(actors)]
    steps = []
    for no in range(1, 9):
        step: dict = {"no": no, "pelaksana": ids[(no * 5) % actors], "kegiatan": "Memeriksa"}
        if no in (3, 6):
            step["cabang"] = [{"label": LABELS[no % 4], "ke": no + 1},
                              {"label": LABELS[(no + 1) % 4], "ke": no - 2}]
        steps.append(step)
    return Sop.model_validate({
        "id": "kata", "nomor": "1", "judul": "Kata", "unit": "u",
        "tanggal": {"pembuatan": "2024-01-01"}, "pengesahan": {"jabatan": "R", "nama": "N"},
        "pelaksana": ids, "steps": steps})


def _actors(count: int) -> dict[str, Actor]:
    return {f"p{i}": Actor(id=f"p{i}", jabatan=NAMES[i], singkat=NAMES[i]) for i in range(count)}


def assert_whole_words(lines: list[TextLine], text: str) -> None:
    """The lines are the text's words in order, split only at spaces or at a hyphen placed at
    one of the word's break points."""
    words = text.split()
    pieces = [line.text for line in lines]
    rebuilt: list[str] = []
    joining = False
    for piece in pieces:
        for n, part in enumerate(piece.split()):
            if joining and n == 0:
                rebuilt[-1] += part
            else:
                rebuilt.append(part)
        joining = piece.endswith("-") and piece[:-1].split()[-1:] != []
        if joining:
            cut = len(rebuilt[-1]) - 1
            rebuilt[-1] = rebuilt[-1][:-1]
            word = next(w for w in words if w.startswith(rebuilt[-1]))
            assert cut in break_points(word), f"{piece!r} breaks {word!r} off its syllables"
    assert rebuilt == words, f"{pieces} break the words of {text!r}"


@pytest.mark.parametrize("count", [4, 8, 12])
def test_actor_headers_wrap_at_spaces_and_fit_readable(count: int) -> None:
    sop, actors = _sop(count), _actors(count)
    page = layout_pages(sop, actors, max_height=None, width=1029.8)[0]
    cols = [c for c in page.columns if c.key == "actor"]
    for col in cols:
        cell = next(c for c in page.header if c.box.x == col.x and c.box.w == col.w)
        assert_whole_words(list(cell.lines), actors[col.actor or ""].singkat)
        for line in cell.lines:
            assert line.size >= MIN_FONT - 0.01
            assert text_width(line.text, line.size, line.bold) <= col.w - 2 * PAD + 0.01


def test_a_header_word_is_set_smaller_before_it_is_hyphenated() -> None:
    sop, actors = _sop(12), _actors(12)
    page = layout_pages(sop, actors, max_height=None, width=1029.8)[0]
    texts = [line.text for cell in page.header for line in cell.lines]
    sizes = {line.size for cell in page.header for line in cell.lines if line.text in NAMES}
    assert "Mahasisw" not in texts and "Perpustak" not in texts
    assert sizes and min(sizes) >= MIN_FONT - 0.01


@pytest.mark.parametrize("count", [3, 6, 12])
def test_branch_labels_wrap_at_spaces(count: int) -> None:
    """Hyphenated only as a last resort (12 narrow columns), and then between syllables."""
    sop, actors = _sop(count), _actors(count)
    hyphenated = 0
    for page in layout_pages(sop, actors, max_height=420.0, width=1029.8):
        for label in page.labels:
            assert_whole_words(list(label.lines), label.text)
            assert all(line.size >= MIN_FONT - 0.01 for line in label.lines)
            hyphenated += any(line.text.endswith("-") for line in label.lines)
    assert hyphenated == 0 or count == 12
