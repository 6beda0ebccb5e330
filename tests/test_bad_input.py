"""The bad-input suite: each broken data set gives its exact message, file and line; never a
traceback. Line numbers refer to the fixture texts in conftest.py."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import INSTITUSI, KEPUTUSAN, ROOT, SOP, MakeData

from sop.cli import main

S = "data/sop/contoh.yaml"
K = "data/keputusan/kr-1-2024.yaml"
I = "data/institusi.yaml"  # noqa: E741


def sop_with(old: str, new: str) -> dict[str, str | bytes | None]:
    assert old in SOP, old
    return {"sop/contoh.yaml": SOP.replace(old, new, 1)}


STEP3 = "  - no: 3\n    kegiatan: Mengarsipkan berkas\n    pelaksana: staf\n"
CASES: dict[str, tuple[dict[str, str | bytes | None], list[str]]] = {
    "yaml syntax": (
        sop_with("judul: Layanan Contoh", "judul: [Layanan Contoh"),
        [f"{S}:4: YAML syntax error: did not find expected ',' or ']'"],
    ),
    "tab indentation": (
        sop_with("  efektif: 2024-01-15", "\tefektif: 2024-01-15"),
        [f"{S}:8: YAML syntax error: found a tab character that violates indentation"],
    ),
    "empty file": ({"sop/contoh.yaml": ""}, [f"{S}:1: file is empty, expected a mapping of keys"]),
    "binary file": (
        {"sop/contoh.yaml": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"},
        [f"{S}: not UTF-8 text (byte 0); save as UTF-8"],
    ),
    "nul byte": ({"sop/contoh.yaml": "id: a\x00b\n"}, [f"{S}: binary file, expected YAML text"]),
    "top level list": (
        {"sop/contoh.yaml": "- id: contoh\n"},
        [f"{S}:1: expected a mapping of keys, got a list"],
    ),
    "duplicate key": (
        sop_with("judul: Layanan Contoh\n", "judul: Layanan Contoh\njudul: Layanan Lain\n"),
        [f"{S}:4: judul: duplicate key 'judul' (first defined on line 3)"],
    ),
    "unknown key with hint": (
        sop_with("    pelaksana: staf\n    waktu", "    pelaksna: staf\n    waktu"),
        [
            f"{S}:19: steps[0]: missing required key 'pelaksana'",
            f"{S}:21: steps[0].pelaksna: unknown key 'pelaksna' (did you mean 'pelaksana'?)",
        ],
    ),
    "unknown key without hint": (
        sop_with("judul: Layanan Contoh\n", "judul: Layanan Contoh\nwarna: merah\n"),
        [
            f"{S}:4: warna: unknown key 'warna' (expected one of: id, nomor, judul, "
            "jenis_dokumen, unit, keputusan, versi, status, digantikan_oleh, tanggal, "
            "tinjau_berikutnya, pengesahan, tanda_tangan_lain, tanda_tangan_elektronik, tabel, "
            "susunan, "
            "dasar_hukum, keterkaitan, peringatan, kualifikasi, peralatan, pencatatan, tujuan, "
            "ruang_lingkup, unit_terkait, definisi, pihak_terkait, referensi, "
            "standar_mutu_terkait, kebijakan, "
            "deskripsi, penjelasan_alur, persyaratan, riwayat, pelaksana, steps)"
        ],
    ),
    "missing required field": (
        sop_with("judul: Layanan Contoh\n", ""),
        [f"{S}:1: (top level): missing required key 'judul'"],
    ),
    "wrong type number": (
        sop_with("  - no: 1\n", "  - no: satu\n"),
        [f"{S}:19: steps[0].no: expected a whole number, got 'satu'"],
    ),
    "wrong type list": (
        sop_with("dasar_hukum:\n  - permenpan-35-2012", "dasar_hukum: permenpan-35-2012"),
        [f"{S}:13: dasar_hukum: expected a list, got 'permenpan-35-2012'"],
    ),
    "empty required text": (
        sop_with("    kegiatan: Menerima berkas", '    kegiatan: ""'),
        [f"{S}:20: steps[0].kegiatan: must not be empty"],
    ),
    "impossible date": (
        sop_with("pembuatan: 2024-01-10", "pembuatan: 2024-02-30"),
        [
            f"{S}:7: tanggal.pembuatan: '2024-02-30' is not a real date (expected YYYY-MM-DD, "
            "e.g. 2022-08-22), or 'tidak tercantum' when the document does not state it"
        ],
    ),
    "time unit": (
        sop_with("unit: menit}", "unit: mnt}"),
        [
            f"{S}:22: steps[0].waktu.unit: 'mnt' is not one of menit, jam, hari, hari kerja, "
            "minggu, bulan"
        ],
    ),
    "time not positive": (
        sop_with("nilai: 15,", "nilai: -5,"),
        [f"{S}:22: steps[0].waktu.nilai: -5 must be greater than 0"],
    ),
    "nip length": (
        sop_with('nip: "196012151988021001"', 'nip: "1960121519880210"'),
        [
            f"{S}:12: pengesahan.nip: NIP '1960121519880210' must be 18 digits (birth date "
            "YYYYMMDD, appointment YYYYMM, sex, serial), got 16 characters"
        ],
    ),
    "nip birth date": (
        sop_with('nip: "196012151988021001"', 'nip: "196013451988021001"'),
        [
            f"{S}:12: pengesahan.nip: NIP '196013451988021001' starts with '19601345', which is "
            "not a real birth date"
        ],
    ),
    "nip appointment month": (
        sop_with('nip: "196012151988021001"', 'nip: "196012151988131001"'),
        [
            f"{S}:12: pengesahan.nip: NIP '196012151988131001' has appointment month '198813', "
            "not a real month"
        ],
    ),
    "nidn length": (
        sop_with('nip: "196012151988021001"', 'nidn: "20150"'),
        [f"{S}:12: pengesahan.nidn: NIDN '20150' must be 10 digits, got 5 characters"],
    ),
    "unknown step actor": (
        sop_with("    pelaksana: rektor\n    cabang", "    pelaksana: rektr\n    cabang"),
        [f"{S}:25: steps[1].pelaksana: unknown actor 'rektr' (this SOP's pelaksana: staf, rektor)"],
    ),
    "unknown joint actor": (
        sop_with("    pelaksana: rektor\n    cabang", "    pelaksana: [rektor, dekan]\n    cabang"),
        [
            f"{S}:25: steps[1].pelaksana[1]: unknown actor 'dekan' (this SOP's pelaksana: staf, "
            "rektor)"
        ],
    ),
    "actor not in registry": (
        sop_with("  - staf\n  - rektor\n", "  - staf\n  - rektor\n  - dekan\n"),
        [f"{S}:18: pelaksana[2]: unknown actor 'dekan' (known: rektor, staf)"],
    ),
    "unknown unit": (
        sop_with("unit: biro-umum", "unit: biro-umun"),
        [f"{S}:4: unit: unknown unit 'biro-umun' (known: biro-umum)"],
    ),
    "unknown decree": (
        sop_with("keputusan: kr-1-2024", "keputusan: kr-9-2024"),
        [
            f"{K}:19: lampiran[0]: SOP 'contoh' names keputusan 'kr-9-2024', expected 'kr-1-2024'",
            f"{S}:5: keputusan: unknown keputusan 'kr-9-2024' (known: kr-1-2024)",
        ],
    ),
    "unknown regulation": (
        sop_with("  - permenpan-35-2012\npelaksana", "  - uu-12-2012\npelaksana"),
        [f"{S}:14: dasar_hukum[0]: unknown regulation 'uu-12-2012' (known: permenpan-35-2012)"],
    ),
    "unknown regulation in decree": (
        {"keputusan/kr-1-2024.yaml": KEPUTUSAN.replace("  - permenpan-35-2012", "  - pp-4-2014")},
        [f"{K}:13: mengingat[0]: unknown regulation 'pp-4-2014' (known: permenpan-35-2012)"],
    ),
    "unknown SOP in lampiran": (
        {"keputusan/kr-1-2024.yaml": KEPUTUSAN + "  - cuti\n"},
        [f"{K}:20: lampiran[1]: unknown SOP 'cuti' (known: contoh)"],
    ),
    "unknown related SOP": (
        sop_with("pelaksana:\n", "keterkaitan:\n  sop: [cuti]\npelaksana:\n"),
        [f"{S}:16: keterkaitan.sop[0]: unknown SOP 'cuti' (known: contoh)"],
    ),
    "SOP related to itself": (
        sop_with("pelaksana:\n", "keterkaitan:\n  sop: [contoh]\npelaksana:\n"),
        [f"{S}:16: keterkaitan.sop[0]: an SOP cannot be related to itself"],
    ),
    "duplicate SOP id": (
        {"sop/contoh-2.yaml": SOP.replace("nomor: SOP/01/2024", "nomor: SOP/02/2024")},
        [
            "data/sop/contoh-2.yaml:1: id: id 'contoh' differs from the file name 'contoh-2.yaml'; "
            "name the file after the id",
            f"{S}:1: id: duplicate sop id 'contoh' (also in data/sop/contoh-2.yaml:1)",
        ],
    ),
    "duplicate SOP number": (
        {
            "sop/kedua.yaml": SOP.replace("id: contoh", "id: kedua").replace(
                "keputusan: kr-1-2024\n", ""
            )
        },
        [f"data/sop/kedua.yaml:2: nomor: duplicate SOP number 'SOP/01/2024' (also in {S}:2)"],
    ),
    "id differs from file": (
        {"sop/contoh.yaml": None, "sop/lain.yaml": SOP},
        [
            "data/sop/lain.yaml:1: id: id 'contoh' differs from the file name 'lain.yaml'; "
            "name the file after the id",
        ],
    ),
    "invalid slug": (
        sop_with("id: contoh", "id: Contoh SOP"),
        [
            f"{S}:1: id: 'Contoh SOP' is not a valid id (expected lower-case letters, digits and "
            "hyphens, e.g. 'kabiro-aupk')"
        ],
    ),
    "duplicate step number": (
        sop_with("  - no: 3\n", "  - no: 2\n"),
        [
            f"{S}:27: steps[1].cabang[0].ke: step 3 does not exist",
            f"{S}:29: steps[2].no: duplicate step number 2 (first at steps[1]); renumber the steps",
        ],
    ),
    "branch to missing step": (
        sop_with("{label: Lengkap, ke: 3}", "{label: Lengkap, ke: 7}"),
        [f"{S}:27: steps[1].cabang[0].ke: step 7 does not exist"],
    ),
    "decision with one branch": (
        sop_with("      - {label: Tidak lengkap, ke: 1}\n", ""),
        [f"{S}:26: steps[1].cabang: a decision needs at least two labelled branches"],
    ),
    "duplicate branch label": (
        sop_with("{label: Tidak lengkap, ke: 1}", "{label: lengkap, ke: 1}"),
        [f"{S}:28: steps[1].cabang[1].label: duplicate branch label 'lengkap'"],
    ),
    "unreachable step": (
        {
            "sop/contoh.yaml": SOP.replace("{label: Lengkap, ke: 3}", "{label: Lengkap, ke: 4}")
            + STEP3.replace("no: 3", "no: 4").replace("Mengarsipkan", "Menyerahkan")
        },
        [f"{S}:29: steps[2]: step 3 cannot be reached from the start (step 1); "
            "mark it mulai: true if the flow may start there"],
    ),
    "cycle with no exit": (
        sop_with(STEP3, STEP3 + "    ke: 1\n"),
        [
            f"{S}:18: steps: the flow never ends: no step without a next step (the last step must "
            "not loop back, or give a decision a branch to the end)"
        ],
    ),
    "loop with no exit beside an end": (
        {
            "sop/contoh.yaml": SOP.replace(
                "{label: Tidak lengkap, ke: 1}", "{label: Tidak lengkap, ke: 4}"
            )
            + "    selesai: true\n"
            + "  - no: 4\n    kegiatan: Menunggu\n    pelaksana: staf\n    ke: 5\n"
            + "  - no: 5\n    kegiatan: Menunggu lagi\n    pelaksana: staf\n    ke: 4\n"
        },
        [
            f"{S}:33: steps[3]: step 4 cannot reach an end: it is in a loop with no exit",
            f"{S}:37: steps[4]: step 5 cannot reach an end: it is in a loop with no exit",
        ],
    ),
    "self loop": (
        sop_with(STEP3, STEP3 + "    ke: 3\n"),
        [f"{S}:32: steps[2].ke: step 3 goes to itself"],
    ),
    "end beside next": (
        sop_with(STEP3, STEP3.replace("staf\n", "staf\n    ke: 1\n    selesai: true\n")),
        [f"{S}:33: steps[2].selesai: a step that ends the flow has no 'ke' or 'cabang'"],
    ),
    "ke beside cabang": (
        sop_with("    pelaksana: rektor\n", "    pelaksana: rektor\n    ke: 3\n"),
        [f"{S}:26: steps[1].ke: a decision goes where its cabang say; remove 'ke'"],
    ),
    "superseded without successor": (
        sop_with("judul: Layanan Contoh\n", "judul: Layanan Contoh\nstatus: digantikan\n"),
        [f"{S}:4: status: status 'digantikan' needs digantikan_oleh: the id of the new SOP"],
    ),
    "unknown status": (
        sop_with("judul: Layanan Contoh\n", "judul: Layanan Contoh\nstatus: aktif\n"),
        [f"{S}:4: status: 'aktif' is not one of draft, berlaku, dicabut, digantikan"],
    ),
    "unsupported yaml tag": (
        sop_with("judul: Layanan Contoh", "judul: !!python/object:os.system echo"),
        [
            f"{S}:3: judul: unsupported YAML value: could not determine a constructor for the tag "
            "'tag:yaml.org,2002:python/object:os.system'"
        ],
    ),
    "missing institution file": (
        {"institusi.yaml": None},
        ["data/institusi.yaml: required file is missing"],
    ),
    "logo path traversal": (
        {"institusi.yaml": "logo: ../../etc/passwd\n" + INSTITUSI},
        [f"{I}:1: logo: '../../etc/passwd' points outside the data folder; keep files inside it"],
    ),
    "logo missing": (
        {"institusi.yaml": "logo: assets/logo.svg\n" + INSTITUSI},
        [f"{I}:1: logo: file 'assets/logo.svg' not found in data"],
    ),
    "site address without a scheme": (
        {"institusi.yaml": "situs: sop.contoh.ac.id\n" + INSTITUSI},
        [
            f"{I}:1: situs: 'sop.contoh.ac.id' is not a web address (expected one starting with "
            "https://, e.g. 'https://sop.uin-malang.ac.id/', without spaces, quotes, <, >, & or ?)"
        ],
    ),
    "duplicate actor": (
        {"institusi.yaml": INSTITUSI + "  - id: staf\n    jabatan: Staf\n    singkat: S\n"},
        [f"{I}:16: pelaksana[2]: duplicate actor id 'staf' (first at pelaksana[1])"],
    ),
    "short label too long": (
        {
            "institusi.yaml": INSTITUSI.replace(
                "singkat: Staf", "singkat: Staf Administrasi Biro Umum"
            )
        },
        [
            f"{I}:15: pelaksana[1].singkat: 'Staf Administrasi Biro Umum' is too long (at most 24 "
            "characters)"
        ],
    ),
    "lampiran SOP of another decree": (
        sop_with("keputusan: kr-1-2024\n", ""),
        [f"{K}:19: lampiran[0]: SOP 'contoh' names keputusan 'None', expected 'kr-1-2024'"],
    ),
    "history out of order": (
        sop_with(
            "pelaksana:\n",
            "riwayat:\n  - {versi: 2, tanggal: 2024-02-01, ringkasan: B}\n"
            "  - {versi: 1, tanggal: 2024-01-01, ringkasan: A}\npelaksana:\n",
        ),
        [
            f"{S}:1: versi: versi 1 is older than riwayat's version 2",
            f"{S}:17: riwayat[1].versi: version 1 follows version 2; list versions in increasing "
            "order",
        ],
    ),
    "requirement item shape": (
        sop_with(
            "pelaksana:\n",
            "persyaratan:\n  judul: Berkas\n  daftar:\n    - [12]\n"
            "    - {teks: Surat, rincian: [a, {tekss: b}]}\npelaksana:\n",
        ),
        [
            f"{S}:18: persyaratan.daftar[0]: expected text, got a list",
            f"{S}:19: persyaratan.daftar[1].rincian[1]: missing required key 'teks'",
            f"{S}:19: persyaratan.daftar[1].rincian[1].tekss: unknown key 'tekss' (did you mean "
            "'teks'?)",
        ],
    ),
}


def check(capsys: pytest.CaptureFixture[str], data: str = "data") -> tuple[int, list[str]]:
    code = main(["check", "--data", data])
    out = capsys.readouterr()
    return code, out.err.splitlines()


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input(name: str, make_data: MakeData, capsys: pytest.CaptureFixture[str]) -> None:
    overrides, expected = CASES[name]
    make_data(overrides)
    code, lines = check(capsys)
    assert code == 1
    assert lines[:-1] == expected, "\n".join(lines)
    n = len(expected)
    assert lines[-1] == f"{n} problem{'s' if n != 1 else ''} found; nothing was built."


def test_bad_input_suite_is_large_enough() -> None:
    assert len(CASES) >= 40


def test_valid_fixture_passes(make_data: MakeData, capsys: pytest.CaptureFixture[str]) -> None:
    make_data()
    assert main(["check", "--data", "data"]) == 0
    assert capsys.readouterr().out == "data: 1 SOP, 1 keputusan: OK\n"


def test_every_problem_of_every_file_in_one_run(
    make_data: MakeData, capsys: pytest.CaptureFixture[str]
) -> None:
    make_data(
        {
            "sop/contoh.yaml": SOP.replace("unit: menit}", "unit: mnt}").replace(
                "judul:", "judull:"
            ),
            "keputusan/kr-1-2024.yaml": KEPUTUSAN.replace(
                "tanggal: 2024-01-15", "tanggal: 15-01-24"
            ),
        }
    )
    code, lines = check(capsys)
    assert code == 1
    assert lines == [
        f"{K}:6: tanggal: '15-01-24' is not a real date (expected YYYY-MM-DD, e.g. 2022-08-22)",
        f"{S}:1: (top level): missing required key 'judul'",
        f"{S}:3: judull: unknown key 'judull' (did you mean 'judul'?)",
        f"{S}:22: steps[0].waktu.unit: 'mnt' is not one of menit, jam, hari, hari kerja, "
        "minggu, bulan",
        "4 problems found; nothing was built.",
    ]


@pytest.mark.parametrize(
    "content",
    [
        "\ufeff" + SOP,  # a BOM, as Windows editors write it
        SOP.replace("\n", "\r\n"),  # Windows line endings
    ],
)
def test_editor_quirks_are_accepted(
    content: str, make_data: MakeData, capsys: pytest.CaptureFixture[str]
) -> None:
    make_data({"sop/contoh.yaml": content})
    assert main(["check", "--data", "data"]) == 0


def test_windows_line_endings_keep_line_numbers(
    make_data: MakeData, capsys: pytest.CaptureFixture[str]
) -> None:
    make_data({"sop/contoh.yaml": SOP.replace("unit: menit}", "unit: mnt}").replace("\n", "\r\n")})
    _, lines = check(capsys)
    assert lines[0].startswith(f"{S}:22: steps[0].waktu.unit: 'mnt'")


def test_symlink_out_of_data_folder(
    make_data: MakeData, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_data({"institusi.yaml": "logo: logo.svg\n" + INSTITUSI})
    (root / "logo.svg").symlink_to("/etc/hostname")
    _, lines = check(capsys)
    assert lines[0] == (
        f"{I}:1: logo: 'logo.svg' points outside the data folder; keep files inside it"
    )


def test_missing_data_folder(make_data: MakeData, capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = check(capsys, "nowhere")
    assert (code, lines) == (
        1,
        ["nowhere: data folder not found", "1 problem found; nothing was built."],
    )


def test_huge_file_is_refused(make_data: MakeData, capsys: pytest.CaptureFixture[str]) -> None:
    make_data({"sop/contoh.yaml": SOP + "deskripsi: " + "x" * 2_100_000 + "\n"})
    _, lines = check(capsys)
    assert lines[0] == f"{S}: file is larger than 2000000 bytes"


def test_no_traceback_from_the_command(make_data: MakeData) -> None:
    """Run the installed entry point as a user would: a message, exit 1, no traceback."""
    make_data({"sop/contoh.yaml": b"\xff\xfe binary"})
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-m", "sop.cli", "check", "--data", "data"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith(f"{S}: not UTF-8 text")
