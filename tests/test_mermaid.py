"""The Mermaid swimlane text: lanes, shapes, edges and labels, and escaping of hostile text."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sop import mermaid
from sop.errors import BuildError
from sop.model import Actor, Sop

# ------------------------------------------------------------------------------ fixtures
# Plain models built in code, so these tests do not depend on the seed data sets.

ACTORS = {
    a.id: a
    for a in [
        Actor(id="rektor", jabatan="Rektor", singkat="Rektor"),
        Actor(id="kabiro", jabatan="Kepala Biro AUPK", singkat="Kabiro AUPK"),
        Actor(id="okh", jabatan="Koordinator OKH", singkat="Koordinator OKH"),
        Actor(
            id="subkoor", jabatan="Sub Koordinator Bag. Kepegawaian", singkat="Subkoor Kepegawaian"
        ),
        Actor(id="pelaksana", jabatan="Pelaksana Kepegawaian", singkat="Pelaksana Kepegawaian"),
        Actor(id="tim", jabatan="Tim Penilai Angka Kredit", singkat="Tim Penilai"),
    ]
}


def make_sop(steps: list[dict[str, Any]], pelaksana: list[str], **extra: Any) -> Sop:
    """A valid SOP model around the given steps and actor columns."""
    return Sop.model_validate(
        {
            "id": extra.pop("id", "contoh"),
            "nomor": "SOP/01/2024",
            "judul": extra.pop("judul", "Layanan Contoh"),
            "unit": "biro-umum",
            "tanggal": {"pembuatan": "2024-01-10"},
            "pengesahan": {"jabatan": "Rektor", "nama": "Dr. Contoh"},
            "pelaksana": pelaksana,
            "steps": steps,
            **extra,
        }
    )


def small_sop() -> Sop:
    """Three steps, two lanes, one decision with a loop back."""
    return make_sop(
        [
            {"no": 1, "kegiatan": "Menerima berkas", "pelaksana": "pelaksana"},
            {
                "no": 2,
                "kegiatan": "Memeriksa berkas",
                "pelaksana": "kabiro",
                "cabang": [{"label": "Lengkap", "ke": 3}, {"label": "Tidak lengkap", "ke": 1}],
            },
            {"no": 3, "kegiatan": "Mengarsipkan berkas", "pelaksana": "pelaksana"},
        ],
        ["pelaksana", "kabiro"],
    )


def promotion_sop() -> Sop:
    """Seed 002's first SOP as written there: six actors, ten steps, four decisions."""
    s = [
        ("kabiro", "Menerima Usulan Kenaikan Jabatan Dari Fakultas"),
        (
            "okh",
            "Menerima Berkas Usulan Kenaikan Jabatan Selanjutnya Mendisposisi Kepada "
            "Sub koordinator bagian kepegawaian untuk ditindak lanjut",
        ),
        (
            "subkoor",
            "Menerima Disposisi dan Berkas Usulan Kenaikan Jabatan Selanjutnya "
            "Mendisposisi Kepada Pelaksana kepegawaian untuk ditindak lanjut",
        ),
        (
            "pelaksana",
            "Menerima Berkas Usulan Kenaikan Jabatan, apabila berkas tidak lengkap "
            "maka dibuatkan surat Pemberitahuan kekurangan berkas",
        ),
        ("tim", "Menerima Berkas Usulan Kenaikan Jabatan untuk di lakukan Penilaian"),
        ("pelaksana", "Menerima Hasil Penilaian Dari Tim Penilai selanjutnya di terbitkan PAK"),
        ("okh", "Mengoreksi Draft SK PAK dan SK Kenaikan Jabatan"),
        ("kabiro", "Mengoreksi Draft PAK dan Draft surat usul kenaikan Jabatan"),
        ("rektor", "Mengoreksi Draft PAK, jika setuju menandatangani PAK"),
        (
            "pelaksana",
            "Mendistribusikan serta mendokumentasikan SK PAK dan mengirim surat "
            "pengantar usul kenaikan jabatan ke Sekretaris Jenderal",
        ),
    ]
    branches = {
        4: [("Lengkap", 5), ("Tidak lengkap", 1)],
        7: [("Setuju", 8), ("Tidak setuju", 6)],
        8: [("Setuju", 9), ("Tidak setuju", 7)],
        9: [("Setuju", 10), ("Tidak setuju", 8)],
    }
    steps = []
    for no, (actor, text) in enumerate(s, start=1):
        step: dict[str, Any] = {"no": no, "kegiatan": text, "pelaksana": actor}
        if no in branches:
            step["cabang"] = [{"label": lab, "ke": ke} for lab, ke in branches[no]]
        steps.append(step)
    return make_sop(
        steps,
        ["rektor", "kabiro", "okh", "subkoor", "pelaksana", "tim"],
        id="pengangkatan-pertama",
        judul="Pengusulan Pengangkatan Pertama Jabatan Dosen",
    )


HOSTILE = [
    "Kutip \"ganda\" dan 'tunggal'",
    "Kurung [siku] (biasa) {kurawal} dan ((ganda))",
    "Pipa | di tengah |label|",
    "Kata end di tengah; end",
    "Panah --> palsu ==> dan -.->",
    "Titik koma ; dan pagar # serta #quot; palsu",
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=2">',
    "A & B &amp; C &lt;b&gt;",
    "Backtick `kode` dan **tebal**",
    "Jinja {{ config }} dan {% raw %} dan {# komentar #}",
    "Baris satu\nbaris dua\r\n\tbaris tiga",
    "بسم الله الرحمن الرحيم dan emoji 🎓📄",
    "style: #f00; classDef x fill:#f00;",
    "Direktif %%{init: {'theme':'dark'}}%% dan fa:fa-user",
    "KaTeX $$x^2$$ dan garis miring \\n",
]


def hostile_sop() -> Sop:
    """Every hostile string as a step, a lane title and a branch label."""
    steps: list[dict[str, Any]] = [
        {"no": n, "kegiatan": text, "pelaksana": "rektor" if n % 2 else "kabiro"}
        for n, text in enumerate(HOSTILE, start=1)
    ]
    steps[2]["cabang"] = [{"label": HOSTILE[3], "ke": 4}, {"label": HOSTILE[6], "ke": 1}]
    return make_sop(steps, ["rektor", "kabiro"], judul=HOSTILE[6])


HOSTILE_ACTORS = {
    "rektor": Actor(id="rektor", jabatan="x", singkat='<b>"Rek|tor"</b> {{x}}'),
    "kabiro": Actor(id="kabiro", jabatan="x", singkat="end"),
}


def body(text: str) -> str:
    """The diagram after its front matter."""
    assert text.startswith("---\n")
    return text.split("\n---\n", 1)[1]


# ------------------------------------------------------------------------------ structure


def test_small_sop_word_for_word() -> None:
    assert body(mermaid.swimlane(small_sop(), ACTORS)) == (
        "swimlane-beta TB\n"
        "  accTitle: Diagram alir Layanan Contoh\n"
        '  subgraph a1["Pelaksana Kepegawaian"]\n'
        '    s1(["1. Menerima berkas"])\n'
        '    b1@{ shape: text, label: "Tidak lengkap" }\n'
        '    s3(["3. Mengarsipkan berkas"])\n'
        "  end\n"
        '  subgraph a2["Kabiro AUPK"]\n'
        '    s2@{ shape: hex, label: "2. Memeriksa berkas" }\n'
        "  end\n"
        "  s1 --> s2\n"
        '  s2 -->|"Lengkap"| s3\n'
        "  s2 --- b1 --> s1\n"
        '  click s1 href "#langkah-1" "1. Menerima berkas"\n'
        '  click s2 href "#langkah-2" "2. Memeriksa berkas"\n'
        '  click s3 href "#langkah-3" "3. Mengarsipkan berkas"\n'
    )


def lane_titles(text: str) -> list[str]:
    return re.findall(r'^  subgraph a\d+\["(.*)"\]$', text, re.M)


def test_long_words_of_a_lane_title_may_break_between_syllables() -> None:
    assert mermaid.hyphenable("Pelaksana Kepegawaian") == (
        "Pelaksana Ke\u00adpe\u00adga\u00adwai\u00adan")
    assert mermaid.hyphenable("Tim Penilai") == "Tim Penilai"  # short words stay whole
    assert mermaid.hyphenable("Kabiro AUPK") == "Kabiro AUPK"


def test_the_page_gets_the_hyphenable_titles_and_the_diagram_none() -> None:
    """The diagram's lane titles are plain (a title that fits is printed and copied whole); the
    page carries the hyphenable form of each title with a long word, for sop-diagram.js."""
    sop = promotion_sop()
    assert "\u00ad" not in mermaid.swimlane(sop, ACTORS)
    assert json.loads(mermaid.lane_hyphens(sop, ACTORS)) == {
        "Koordinator OKH": "Ko\u00ador\u00addi\u00adna\u00adtor OKH",
        "Pelaksana Kepegawaian": "Pelaksana Ke\u00adpe\u00adga\u00adwai\u00adan",
        "Subkoor Kepegawaian": "Subkoor Ke\u00adpe\u00adga\u00adwai\u00adan",
    }


def test_lanes_follow_the_column_order_of_the_sop() -> None:
    text = mermaid.swimlane(promotion_sop(), ACTORS)
    assert lane_titles(text) == [
        "Rektor",
        "Kabiro AUPK",
        "Koordinator OKH",
        "Subkoor Kepegawaian",
        "Pelaksana Kepegawaian",
        "Tim Penilai",
    ]
    assert text.count("\n  end\n") == 6


def test_each_step_is_drawn_once_in_its_actors_lane() -> None:
    sop = promotion_sop()
    lanes = mermaid.lanes(sop, ACTORS)
    placed = {step.no: lane.title for lane in lanes for _, step in lane.nodes}
    assert placed == {s.no: ACTORS[s.actors[0]].singkat for s in sop.steps}
    text = mermaid.swimlane(sop, ACTORS)
    for n in range(1, 11):
        assert len(re.findall(rf"^    s{n}[\[(@]", text, re.M)) == 1


def test_shapes_stadium_for_first_and_last_hexagon_for_decisions() -> None:
    """Decisions are hexagons in the swimlane: arrows into a diamond end beside it there."""
    text = mermaid.swimlane(promotion_sop(), ACTORS)
    shapes = dict(re.findall(r"^    (s\d+)(\(\[|@\{ shape: hex|\[)", text, re.M))
    hexagon = "@{ shape: hex"
    assert shapes == {
        "s1": "([",
        "s2": "[",
        "s3": "[",
        "s4": hexagon,
        "s5": "[",
        "s6": "[",
        "s7": hexagon,
        "s8": hexagon,
        "s9": hexagon,
        "s10": "([",
    }


def edges_of(text: str) -> list[tuple[str, str, str]]:
    """(source, label, target) of every arrow; a loop-back's label is a text node on its way."""
    labels = dict(re.findall(r'^    (b\d+)@\{ shape: text, label: "(.*)" \}$', text, re.M))
    found = []
    for source, label, via, target in re.findall(
        r"^  (s\d+) (?:-->(?:\|\"(.*)\"\|)?|--- (b\d+) -->) (s\d+)$", text, re.M
    ):
        found.append((source, labels[via] if via else label, target))
    return found


def test_edges_follow_the_flow_with_branch_labels_and_loop_backs() -> None:
    text = mermaid.swimlane(promotion_sop(), ACTORS)
    edges = edges_of(text)
    assert edges == [
        ("s1", "", "s2"),
        ("s2", "", "s3"),
        ("s3", "", "s4"),
        ("s4", "Lengkap", "s5"),
        ("s4", "Tidak lengkap", "s1"),
        ("s5", "", "s6"),
        ("s6", "", "s7"),
        ("s7", "Setuju", "s8"),
        ("s7", "Tidak setuju", "s6"),
        ("s8", "Setuju", "s9"),
        ("s8", "Tidak setuju", "s7"),
        ("s9", "Setuju", "s10"),
        ("s9", "Tidak setuju", "s8"),
    ]


def test_ke_jumps_are_followed() -> None:
    sop = make_sop(
        [
            {"no": 1, "kegiatan": "Mulai", "pelaksana": "rektor", "ke": 3},
            {"no": 2, "kegiatan": "Dilewati", "pelaksana": "rektor"},
            {"no": 3, "kegiatan": "Selesai", "pelaksana": "rektor"},
        ],
        ["rektor"],
    )
    text = mermaid.swimlane(sop, ACTORS)
    assert "  s1 --> s3\n  s2 --> s3\n" in text


def test_joint_step_has_a_node_in_each_actors_lane_joined_by_dotted_lines() -> None:
    """The text once, in the first actor's lane; the others show the step's number only."""
    sop = make_sop(
        [
            {"no": 1, "kegiatan": "Mengajukan", "pelaksana": "pelaksana"},
            {"no": 2, "kegiatan": "Rapat penilaian", "pelaksana": ["tim", "rektor", "kabiro"]},
            {"no": 3, "kegiatan": "Mengarsipkan", "pelaksana": "pelaksana"},
        ],
        ["rektor", "kabiro", "pelaksana", "tim"],
    )
    assert body(mermaid.swimlane(sop, ACTORS)) == (
        "swimlane-beta TB\n"
        "  accTitle: Diagram alir Layanan Contoh\n"
        '  subgraph a1["Rektor"]\n'
        '    s2_2["(2)"]\n'
        "  end\n"
        '  subgraph a2["Kabiro AUPK"]\n'
        '    s2_3["(2)"]\n'
        "  end\n"
        '  subgraph a3["Pelaksana Kepegawaian"]\n'
        '    s1(["1. Mengajukan"])\n'
        '    s3(["3. Mengarsipkan"])\n'
        "  end\n"
        '  subgraph a4["Tim Penilai"]\n'
        '    s2["2. Rapat penilaian"]\n'
        "  end\n"
        "  s1 --> s2\n"
        "  s2 --> s3\n"
        "  s2 -.- s2_2\n"
        "  s2 -.- s2_3\n"
        '  click s1 href "#langkah-1" "1. Mengajukan"\n'
        '  click s2,s2_2,s2_3 href "#langkah-2" "2. Rapat penilaian"\n'
        '  click s3 href "#langkah-3" "3. Mengarsipkan"\n'
    )


def test_lane_without_steps_is_left_out() -> None:
    """Mermaid draws an empty lane as a stray box, so an actor without steps gets no lane."""
    sop = make_sop(
        [
            {"no": 1, "kegiatan": "A", "pelaksana": "rektor"},
            {"no": 2, "kegiatan": "B", "pelaksana": "tim"},
        ],
        ["rektor", "kabiro", "tim"],
    )
    text = mermaid.swimlane(sop, ACTORS)
    assert lane_titles(text) == ["Rektor", "Tim Penilai"]
    assert '  subgraph a3["Tim Penilai"]' in text  # ids keep the column numbers


def test_front_matter_keeps_natural_size_and_compact_layout() -> None:
    front = mermaid.front_matter()
    assert front.startswith("---\nconfig:\n")
    assert "    useMaxWidth: false\n" in front  # scroll, never shrink the text
    assert front.endswith("\n---\n")


@pytest.mark.parametrize(("lanes", "wrap"), [(6, 80), (8, 80), (4, 120), (3, 160), (1, 160)])
def test_fewer_lanes_wrap_text_on_longer_lines(lanes: int, wrap: int) -> None:
    """Six lanes wrap at 80 px to fit a laptop's column; fewer lanes use the room they have."""
    assert f"    wrappingWidth: {wrap}\n" in mermaid.front_matter(lanes)


def test_the_diagram_wraps_for_its_own_lane_count() -> None:
    text = mermaid.swimlane(small_sop(), ACTORS)
    assert text.startswith(mermaid.front_matter(len(lane_titles(text))))


def test_decision_text_is_shortened_more() -> None:
    text = mermaid.swimlane(promotion_sop(), ACTORS)
    assert '    s4@{ shape: hex, label: "4. Menerima…" }' in text
    assert '    s2["2. Menerima Berkas Usulan Kenaikan Jabatan…"]' in text


def test_every_node_links_to_its_row_with_the_whole_text_as_tooltip() -> None:
    """A shortened label is never the end of it: a tap opens the step's row in the table, a
    hover shows the whole activity."""
    sop = promotion_sop()
    text = mermaid.swimlane(sop, ACTORS)
    for n, step in enumerate(sop.steps, start=1):
        whole = mermaid.escape(f"{step.no}. {step.kegiatan}")
        assert f'  click s{n} href "#langkah-{step.no}" "{whole}"' in text


def test_step_text_is_shortened_at_a_word_with_an_ellipsis() -> None:
    text = "Menerima Berkas Usulan Kenaikan Jabatan Selanjutnya Mendisposisi Kepada Sub koordinator"
    assert mermaid.shorten(text) == "Menerima Berkas Usulan Kenaikan Jabatan…"
    assert len(mermaid.shorten(text)) <= mermaid.LABEL_LIMIT
    assert mermaid.shorten("Pendek") == "Pendek"
    assert mermaid.shorten("x" * 80) == "x" * 49 + "…"
    assert mermaid.shorten("a" * 48 + "  b") == "a" * 48 + " b"  # 50 after cleaning: kept


def test_unknown_actor_id_is_shown_as_is() -> None:
    sop = make_sop(
        [
            {"no": 1, "kegiatan": "A", "pelaksana": "kasubag"},
            {"no": 2, "kegiatan": "B", "pelaksana": "kasubag"},
        ],
        ["kasubag"],
    )
    assert lane_titles(mermaid.swimlane(sop, ACTORS)) == ["kasubag"]


# ------------------------------------------------------------------------------ escaping


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ('Kutip "ganda"', "Kutip #quot;ganda#quot;"),
        ("Pipa | dan -->", "Pipa #124; dan --#62;"),
        ("<script>x</script>", "#60;script#62;x#60;/script#62;"),
        ("A & B #quot;", "A #38; B #35;quot;"),
        (
            "{{ x }} {% y %} {# z #}",
            "#123;#123; x #125;#125; #123;#37; y #37;#125; #123;#35; z #35;#125;",
        ),
        ("`kode`", "#96;kode#96;"),
        ("style: #f00;", "style#58; #35;f00;"),
        ("$$x$$ a\\b", "#36;#36;x#36;#36; a#92;b"),
        ("baris\nbaru\r\n\tlagi", "baris baru lagi"),
        ("kata end (x) [y]; z", "kata end (x) [y]; z"),
        ("بسم الله 🎓", "بسم الله 🎓"),
        ("nol\x00bel\x07", "nolbel"),
    ],
)
def test_escape_word_for_word(raw: str, escaped: str) -> None:
    assert mermaid.escape(raw) == escaped


def test_hostile_text_stays_inside_labels() -> None:
    text = mermaid.swimlane(hostile_sop(), HOSTILE_ACTORS)
    assert text.startswith(mermaid.front_matter(len(lane_titles(text))))
    lines = body(text).splitlines()
    # Structure is exactly what the generator wrote: nothing from the data opened a new line,
    # a subgraph, an edge or a directive.
    assert lines[0] == "swimlane-beta TB"
    assert lines[1].startswith("  accTitle: Diagram alir #60;script#62;")
    statement = re.compile(
        r'^(  subgraph a\d+\["[^"]*"\]|  end'
        r'|    s\d+(\(\["[^"]*"\]\)|@\{ shape: hex, label: "[^"]*" \}|\["[^"]*"\])'
        r'|    b\d+@\{ shape: text, label: "[^"]*" \}'
        r'|  s\d+ -->(\|"[^"]*"\|)? s\d+|  s\d+ --- b\d+ --> s\d+'
        r'|  click s\d+ href "#langkah-\d+" "[^"]*")$'
    )
    for line in lines[2:]:
        assert statement.match(line), line
    # header, 2 lanes (subgraph + end), one node per step, one edge per step but the last,
    # two for the decision
    # two for the decision (its loop-back also a label node), one link per step
    assert len(lines) == 2 + 2 * 2 + len(HOSTILE) + 1 + len(HOSTILE) + len(HOSTILE)


@pytest.mark.parametrize("bad", ["{{", "{%", "{#", "<", "&", "`", "%%", "$$", "\r", "\t"])
def test_output_never_carries_markup_delimiters(bad: str) -> None:
    assert bad not in mermaid.swimlane(hostile_sop(), HOSTILE_ACTORS)


def test_hostile_lane_titles_and_labels_word_for_word() -> None:
    text = mermaid.swimlane(hostile_sop(), HOSTILE_ACTORS)
    assert (
        '  subgraph a1["#60;b#62;#quot;Rek#124;tor#quot;#60;/b#62; #123;#123;x#125;#125;"]' in text
    )
    assert '  subgraph a2["end"]' in text
    assert '    s7["7. #60;script#62;window.__pwned=1#60;/script#62;"]' in text
    assert '  s3 -->|"Kata end di tengah; end"| s4' in text
    assert '    b1@{ shape: text, label: "#60;script#62;window.__pwned=1#60;/script#62;" }' in text
    assert "  s3 --- b1 --> s1" in text
    assert '    s12["12. Baris satu baris dua baris tiga"]' in text


# ------------------------------------------------------------------------------ the JS file


def test_mermaid_js_is_the_pinned_bundle() -> None:
    path = mermaid.mermaid_js()
    assert path == mermaid.ROOT / "node_modules/mermaid/dist/mermaid.min.js"
    assert path.stat().st_size > 1_000_000
    assert mermaid.MERMAID_JS() == path


def test_mermaid_js_missing_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(BuildError) as info:
        mermaid.mermaid_js(tmp_path)
    assert str(info.value) == "Mermaid is not installed: run `npm ci`"


# ------------------------------------------------------------------------------ property

_ENTITY = re.compile(r"#(\w+);")


def unescape(text: str) -> str:
    """What Mermaid shows for a label: each entity code turned back into its character."""
    names = {"quot": '"'}
    return _ENTITY.sub(lambda m: names.get(m[1]) or chr(int(m[1])), text)


@given(st.text())
def test_escape_is_lossless_and_leaves_nothing_active(text: str) -> None:
    escaped = mermaid.escape(text)
    assert unescape(escaped) == mermaid.clean(text)
    assert not set(escaped) & set('"<>{}|&`$%:\\\n\r\t')
    # Every '#' starts an entity code, so Mermaid never reads user text as one.
    assert _ENTITY.sub("", escaped).count("#") == 0


def test_short_text_in_the_symbol_is_the_node_label() -> None:
    sop = make_sop(
        [
            {"no": 1, "kegiatan": "Menerima surat masuk dan mencatatnya", "pelaksana": "kabiro"},
            {"no": 2, "kegiatan": "Menelaah apakah surat perlu didisposisi kepada unit",
             "pelaksana": "rektor", "teks_simbol": "Perlu disposisi?",
             "cabang": [{"label": "Ya", "ke": 3}, {"label": "Tidak", "ke": 3}]},
            {"no": 3, "kegiatan": "Mengarsipkan", "pelaksana": "kabiro"},
        ],
        ["rektor", "kabiro"],
    )
    text = mermaid.swimlane(sop, ACTORS)
    assert '    s2@{ shape: hex, label: "2. Perlu disposisi?" }' in text
    assert '"2. Menelaah apakah surat perlu didisposisi kepada unit"' in text  # the tooltip


def test_a_step_with_an_unconfirmed_fact_carries_its_star() -> None:
    """As on the copies: the number of a step whose actor the source leaves unconfirmed."""
    sop = make_sop(
        [
            {"no": 1, "kegiatan": "Mengajukan", "pelaksana": "pelaksana",
             "belum_pasti": ["pelaksana"]},
            {"no": 2, "kegiatan": "Rapat", "pelaksana": ["tim", "rektor"],
             "belum_pasti": ["pelaksana"]},
            {"no": 3, "kegiatan": "Mengarsipkan", "pelaksana": "pelaksana"},
        ],
        ["pelaksana", "tim", "rektor"],
    )
    text = mermaid.swimlane(sop, ACTORS)
    assert '(["1*. Mengajukan"])' in text and '["(2*)"]' in text and '"3. Mengarsipkan"' in text
