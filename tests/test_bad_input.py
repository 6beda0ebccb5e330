"""The bad-input suite: each broken data set gives its exact message, file and line; never a
traceback. Line numbers refer to the fixture texts in conftest.py. Messages are Indonesian by
default; a few are asserted in English too (`SOP_LANG=en`, `--lang en`)."""

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
        [
            f"{S}:3: YAML tidak dapat dibaca: kurung [ dibuka tetapi tidak ditutup dengan ]; "
            "tutup kurungnya, atau beri tanda kutip pada teks yang diawali [",
        ],
    ),
    "tab indentation": (
        sop_with("  efektif: 2024-01-15", "\tefektif: 2024-01-15"),
        [
            f"{S}:8: YAML tidak dapat dibaca: baris ini memakai tab untuk menjorok; ganti tab "
            "dengan spasi (YAML hanya menerima spasi)",
        ],
    ),
    "empty file": ({"sop/contoh.yaml": ""}, [
            f"{S}:1: berkas kosong; seharusnya berisi pasangan kunci: nilai",
        ]),
    "binary file": (
        {"sop/contoh.yaml": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"},
        [
            f"{S}: bukan teks UTF-8 (bita ke-0); simpan ulang sebagai UTF-8",
        ],
    ),
    "nul byte": ({"sop/contoh.yaml": "id: a\x00b\n"}, [
            f"{S}: berkas biner, seharusnya teks YAML",
        ]),
    "top level list": (
        {"sop/contoh.yaml": "- id: contoh\n"},
        [
            f"{S}:1: seharusnya pasangan kunci: nilai, tertulis sebuah daftar",
        ],
    ),
    "duplicate key": (
        sop_with("judul: Layanan Contoh\n", "judul: Layanan Contoh\njudul: Layanan Lain\n"),
        [
            f"{S}:4: judul: kunci 'judul' ganda (pertama ditulis di baris 3)",
        ],
    ),
    "unknown key with hint": (
        sop_with("    pelaksana: staf\n    waktu", "    pelaksna: staf\n    waktu"),
        [
            f"{S}:19: langkah 1: kunci wajib 'pelaksana' belum ada",
            f"{S}:21: langkah 1.pelaksna: kunci 'pelaksna' tidak dikenal; maksud Anda "
            "'pelaksana'?",
        ],
    ),
    "unknown key without hint": (
        sop_with("judul: Layanan Contoh\n", "judul: Layanan Contoh\nwarna: merah\n"),
        [
            f"{S}:4: warna: kunci 'warna' tidak dikenal (yang dapat dipakai: id, nomor, "
            "judul, jenis_dokumen, unit, keputusan, versi, status, digantikan_oleh, tanggal, "
            "tinjau_berikutnya, belum_pasti, pengesahan, tanda_tangan_lain, "
            "tanda_tangan_elektronik, tabel, identitas, susunan, dasar_hukum, keterkaitan, "
            "peringatan, kualifikasi, "
            "peralatan, pencatatan, tujuan, ruang_lingkup, unit_terkait, definisi, pihak_terkait, "
            "referensi, standar_mutu_terkait, kebijakan, deskripsi, penjelasan_alur, "
            "persyaratan, riwayat, tinjauan, pelaksana, steps, sub_prosedur)",
        ],
    ),
    "missing required field": (
        sop_with("judul: Layanan Contoh\n", ""),
        [
            f"{S}:1: (tingkat teratas): kunci wajib 'judul' belum ada",
        ],
    ),
    "wrong type number": (
        sop_with("  - no: 1\n", "  - no: satu\n"),
        [
            f"{S}:19: steps[0].no: seharusnya bilangan bulat, tertulis 'satu'",
        ],
    ),
    "wrong type list": (
        sop_with("dasar_hukum:\n  - permenpan-35-2012", "dasar_hukum: permenpan-35-2012"),
        [
            f"{S}:13: dasar_hukum: seharusnya daftar, tertulis 'permenpan-35-2012'",
        ],
    ),
    "empty required text": (
        sop_with("    kegiatan: Menerima berkas", '    kegiatan: ""'),
        [
            f"{S}:20: langkah 1.kegiatan: tidak boleh kosong",
        ],
    ),
    "impossible date": (
        sop_with("pembuatan: 2024-01-10", "pembuatan: 2024-02-30"),
        [
            f"{S}:7: tanggal.pembuatan: '2024-02-30' bukan tanggal yang ada (tulis "
            "TTTT-BB-HH, mis. 2022-08-22), atau 'tidak tercantum' bila dokumen tidak "
            "mencantumkannya",
        ],
    ),
    "time unit": (
        sop_with("unit: menit}", "unit: mnt}"),
        [
            f"{S}:22: langkah 1.waktu.unit: 'mnt' bukan salah satu dari: menit, jam, hari, "
            "hari kerja, minggu, bulan",
        ],
    ),
    "time not positive": (
        sop_with("nilai: 15,", "nilai: -5,"),
        [
            f"{S}:22: langkah 1.waktu.nilai: -5 harus lebih dari 0",
        ],
    ),
    "nip length": (
        sop_with('nip: "196012151988021001"', 'nip: "1960121519880210"'),
        [
            f"{S}:12: pengesahan.nip: NIP '1960121519880210' harus 18 digit (tanggal lahir "
            "TTTTBBHH, TMT TTTTBB, jenis kelamin, nomor urut), tertulis 16 karakter",
        ],
    ),
    "nip birth date": (
        sop_with('nip: "196012151988021001"', 'nip: "196013451988021001"'),
        [
            f"{S}:12: pengesahan.nip: NIP '196013451988021001' diawali '19601345', yang bukan "
            "tanggal lahir yang ada",
        ],
    ),
    "nip appointment month": (
        sop_with('nip: "196012151988021001"', 'nip: "196012151988131001"'),
        [
            f"{S}:12: pengesahan.nip: NIP '196012151988131001' memuat bulan pengangkatan "
            "'198813', yang bukan bulan yang ada",
        ],
    ),
    "nidn length": (
        sop_with('nip: "196012151988021001"', 'nidn: "20150"'),
        [
            f"{S}:12: pengesahan.nidn: NIDN '20150' harus 10 digit, tertulis 5 karakter",
        ],
    ),
    "unknown step actor": (
        sop_with("    pelaksana: rektor\n    cabang", "    pelaksana: rektr\n    cabang"),
        [
            f"{S}:25: langkah 2.pelaksana: pelaksana 'rektr' tidak ada di daftar pelaksana "
            "SOP ini (staf, rektor); maksud Anda 'rektor'?",
        ],
    ),
    "unknown joint actor": (
        sop_with("    pelaksana: rektor\n    cabang", "    pelaksana: [rektor, dekan]\n    cabang"),
        [
            f"{S}:25: langkah 2.pelaksana[1]: pelaksana 'dekan' tidak ada di daftar pelaksana "
            "SOP ini (staf, rektor); tambahkan ke 'pelaksana' di bagian atas berkas",
        ],
    ),
    "actor not in registry": (
        sop_with("  - staf\n  - rektor\n", "  - staf\n  - rektor\n  - dekan\n"),
        [
            f"{S}:18: pelaksana[2]: pelaksana 'dekan' tidak dikenal (yang ada: rektor, staf); "
            "tambahkan dulu ke daftar pelaksana di institusi.yaml",
        ],
    ),
    "unknown unit": (
        sop_with("unit: biro-umum", "unit: biro-umun"),
        [
            f"{S}:4: unit: unit 'biro-umun' tidak dikenal; maksud Anda 'biro-umum'?",
        ],
    ),
    "unknown decree": (
        sop_with("keputusan: kr-1-2024", "keputusan: kr-9-2024"),
        [
            f"{K}:19: lampiran[0]: SOP 'contoh' menyebut keputusan 'kr-9-2024', padahal "
            "terlampir di 'kr-1-2024'; samakan 'keputusan' di berkas SOP itu",
            f"{S}:5: keputusan: keputusan 'kr-9-2024' tidak dikenal; maksud Anda 'kr-1-2024'?",
        ],
    ),
    "unknown regulation": (
        sop_with("  - permenpan-35-2012\npelaksana", "  - uu-12-2012\npelaksana"),
        [
            f"{S}:14: dasar_hukum[0]: peraturan 'uu-12-2012' tidak dikenal (yang ada: "
            "permenpan-35-2012); tambahkan dulu ke dasar_hukum.yaml",
        ],
    ),
    "unknown regulation in decree": (
        {"keputusan/kr-1-2024.yaml": KEPUTUSAN.replace("  - permenpan-35-2012", "  - pp-4-2014")},
        [
            f"{K}:13: mengingat[0]: peraturan 'pp-4-2014' tidak dikenal (yang ada: "
            "permenpan-35-2012); tambahkan dulu ke dasar_hukum.yaml",
        ],
    ),
    "unknown SOP in lampiran": (
        {"keputusan/kr-1-2024.yaml": KEPUTUSAN + "  - cuti\n"},
        [
            f"{K}:20: lampiran[1]: SOP 'cuti' tidak dikenal (yang ada: contoh); setiap SOP "
            "adalah satu berkas di folder sop/",
        ],
    ),
    "unknown related SOP": (
        sop_with("pelaksana:\n", "keterkaitan:\n  sop: [cuti]\npelaksana:\n"),
        [
            f"{S}:16: keterkaitan.sop[0]: SOP 'cuti' tidak dikenal (yang ada: contoh); setiap "
            "SOP adalah satu berkas di folder sop/",
        ],
    ),
    "SOP related to itself": (
        sop_with("pelaksana:\n", "keterkaitan:\n  sop: [contoh]\npelaksana:\n"),
        [
            f"{S}:16: keterkaitan.sop[0]: SOP tidak dapat terkait dengan dirinya sendiri",
        ],
    ),
    "duplicate SOP id": (
        {"sop/contoh-2.yaml": SOP.replace("nomor: SOP/01/2024", "nomor: SOP/02/2024")},
        [
            "data/sop/contoh-2.yaml:1: id: id 'contoh' berbeda dari nama berkas "
            "'contoh-2.yaml'; namai berkas sesuai id-nya",
            f"{S}:1: id: id sop 'contoh' ganda (juga di data/sop/contoh-2.yaml:1)",
        ],
    ),
    "duplicate SOP number": (
        {
            "sop/kedua.yaml": SOP.replace("id: contoh", "id: kedua").replace(
                "keputusan: kr-1-2024\n", ""
            )
        },
        [
            "data/sop/kedua.yaml:2: nomor: nomor SOP 'SOP/01/2024' ganda (juga di "
            "data/sop/contoh.yaml:2)",
        ],
    ),
    "id differs from file": (
        {"sop/contoh.yaml": None, "sop/lain.yaml": SOP},
        [
            "data/sop/lain.yaml:1: id: id 'contoh' berbeda dari nama berkas 'lain.yaml'; "
            "namai berkas sesuai id-nya",
        ],
    ),
    "invalid slug": (
        sop_with("id: contoh", "id: Contoh SOP"),
        [
            f"{S}:1: id: 'Contoh SOP' bukan pengenal (id) yang sah: pakai huruf kecil, angka, "
            "dan tanda hubung, tanpa spasi, mis. 'kabiro-aupk'",
        ],
    ),
    "duplicate step number": (
        sop_with("  - no: 3\n", "  - no: 2\n"),
        [
            f"{S}:27: langkah 2.cabang[0].ke: langkah 3 tidak ada (nomor langkah yang ada: 1, "
            "2)",
            f"{S}:29: langkah 2.no: nomor langkah 2 ganda (pertama di baris 23); nomori ulang "
            "langkah-langkahnya",
        ],
    ),
    "branch to missing step": (
        sop_with("{label: Lengkap, ke: 3}", "{label: Lengkap, ke: 7}"),
        [
            f"{S}:27: langkah 2.cabang[0].ke: langkah 7 tidak ada (nomor langkah yang ada: 1, "
            "2, 3)",
        ],
    ),
    "decision with one branch": (
        sop_with("      - {label: Tidak lengkap, ke: 1}\n", ""),
        [
            f"{S}:26: langkah 2.cabang: langkah keputusan memerlukan paling sedikit dua "
            "cabang berlabel",
        ],
    ),
    "duplicate branch label": (
        sop_with("{label: Tidak lengkap, ke: 1}", "{label: lengkap, ke: 1}"),
        [
            f"{S}:28: langkah 2.cabang[1].label: label cabang 'lengkap' ganda",
        ],
    ),
    "unreachable step": (
        {
            "sop/contoh.yaml": SOP.replace("{label: Lengkap, ke: 3}", "{label: Lengkap, ke: 4}")
            + STEP3.replace("no: 3", "no: 4").replace("Mengarsipkan", "Menyerahkan")
        },
        [
            f"{S}:29: langkah 3: tidak dapat dicapai dari awal (langkah 1); tulis mulai: true "
            "bila alur boleh dimulai di langkah ini",
        ],
    ),
    "cycle with no exit": (
        sop_with(STEP3, STEP3 + "    ke: 1\n"),
        [
            f"{S}:18: steps: alur tidak pernah berakhir: tidak ada langkah tanpa langkah "
            "berikutnya (langkah terakhir jangan kembali ke langkah sebelumnya, atau beri "
            "langkah keputusan cabang ke akhir)",
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
            f"{S}:33: langkah 4: tidak dapat mencapai akhir: langkah ini berada dalam "
            "perulangan tanpa jalan keluar",
            f"{S}:37: langkah 5: tidak dapat mencapai akhir: langkah ini berada dalam "
            "perulangan tanpa jalan keluar",
        ],
    ),
    "self loop": (
        sop_with(STEP3, STEP3 + "    ke: 3\n"),
        [
            f"{S}:32: langkah 3.ke: langkah 3 menuju dirinya sendiri",
        ],
    ),
    "end beside next": (
        sop_with(STEP3, STEP3.replace("staf\n", "staf\n    ke: 1\n    selesai: true\n")),
        [
            f"{S}:33: langkah 3.selesai: langkah yang mengakhiri alur tidak memuat 'ke' atau "
            "'cabang'",
        ],
    ),
    "ke beside cabang": (
        sop_with("    pelaksana: rektor\n", "    pelaksana: rektor\n    ke: 3\n"),
        [
            f"{S}:26: langkah 2.ke: langkah keputusan mengikuti cabang-nya; hapus 'ke'",
        ],
    ),
    "superseded without successor": (
        sop_with("judul: Layanan Contoh\n", "judul: Layanan Contoh\nstatus: digantikan\n"),
        [
            f"{S}:4: status: status 'digantikan' memerlukan digantikan_oleh: id SOP yang baru",
        ],
    ),
    "unknown status": (
        sop_with("judul: Layanan Contoh\n", "judul: Layanan Contoh\nstatus: aktif\n"),
        [
            f"{S}:4: status: 'aktif' bukan salah satu dari: draft, berlaku, dicabut, "
            "digantikan",
        ],
    ),
    "unsupported yaml tag": (
        sop_with("judul: Layanan Contoh", "judul: !!python/object:os.system echo"),
        [
            f"{S}:3: judul: nilai YAML tidak didukung: could not determine a constructor for "
            "the tag 'tag:yaml.org,2002:python/object:os.system'",
        ],
    ),
    "missing institution file": (
        {"institusi.yaml": None},
        [
            f"{I}: berkas wajib ini belum ada",
        ],
    ),
    "logo path traversal": (
        {"institusi.yaml": "logo: ../../etc/passwd\n" + INSTITUSI},
        [
            f"{I}:1: logo: '../../etc/passwd' menunjuk ke luar folder data; simpan berkas di "
            "dalamnya",
        ],
    ),
    "logo missing": (
        {"institusi.yaml": "logo: assets/logo.svg\n" + INSTITUSI},
        [
            f"{I}:1: logo: berkas 'assets/logo.svg' tidak ada di data",
        ],
    ),
    "site address without a scheme": (
        {"institusi.yaml": "situs: sop.contoh.ac.id\n" + INSTITUSI},
        [
            f"{I}:1: situs: 'sop.contoh.ac.id' bukan alamat web (seharusnya diawali https://, "
            "mis. 'https://sop.uin-malang.ac.id/', tanpa spasi, tanda kutip, <, >, & atau ?)",
        ],
    ),
    "duplicate actor": (
        {"institusi.yaml": INSTITUSI + "  - id: staf\n    jabatan: Staf\n    singkat: S\n"},
        [
            f"{I}:16: pelaksana[2]: id pelaksana 'staf' ganda (pertama di baris 13)",
        ],
    ),
    "short label too long": (
        {
            "institusi.yaml": INSTITUSI.replace(
                "singkat: Staf", "singkat: Staf Administrasi Biro Umum"
            )
        },
        [
            f"{I}:15: pelaksana[1].singkat: 'Staf Administrasi Biro Umum' terlalu panjang "
            "(paling banyak 24 karakter)",
        ],
    ),
    "lampiran SOP of another decree": (
        sop_with("keputusan: kr-1-2024\n", ""),
        [
            f"{K}:19: lampiran[0]: SOP 'contoh' tidak menyebut keputusan, padahal terlampir "
            "di 'kr-1-2024'; tambahkan keputusan: kr-1-2024 di berkas SOP itu",
        ],
    ),
    "history out of order": (
        sop_with(
            "pelaksana:\n",
            "riwayat:\n  - {versi: 2, tanggal: 2024-02-01, ringkasan: B}\n"
            "  - {versi: 1, tanggal: 2024-01-01, ringkasan: A}\npelaksana:\n",
        ),
        [
            f"{S}:1: versi: versi 1 lebih lama dari versi 2 di riwayat",
            f"{S}:17: riwayat[1].versi: versi 1 ditulis sesudah versi 2; urutkan riwayat dari "
            "versi terkecil",
        ],
    ),
    "requirement item shape": (
        sop_with(
            "pelaksana:\n",
            "persyaratan:\n  judul: Berkas\n  daftar:\n    - [12]\n"
            "    - {teks: Surat, rincian: [a, {tekss: b}]}\npelaksana:\n",
        ),
        [
            f"{S}:18: persyaratan.daftar[0]: seharusnya teks, tertulis sebuah daftar",
            f"{S}:19: persyaratan.daftar[1].rincian[1]: kunci wajib 'teks' belum ada",
            f"{S}:19: persyaratan.daftar[1].rincian[1].tekss: kunci 'tekss' tidak dikenal; "
            "maksud Anda 'teks'?",
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
    assert lines[-1] == f"{len(expected)} masalah ditemukan; tidak ada yang dibangun."


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
        f"{K}:6: tanggal: '15-01-24' bukan tanggal yang ada (tulis TTTT-BB-HH, mis. 2022-08-22)",
        f"{S}:1: (tingkat teratas): kunci wajib 'judul' belum ada",
        f"{S}:3: judull: kunci 'judull' tidak dikenal; maksud Anda 'judul'?",
        f"{S}:22: langkah 1.waktu.unit: 'mnt' bukan salah satu dari: menit, jam, hari, hari "
        "kerja, minggu, bulan",
        "4 masalah ditemukan; tidak ada yang dibangun.",
    ]


def test_every_problem_in_one_run_across_checks(
    make_data: MakeData, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 22.2: a file that fails its own checks still has its references and its flow
    checked, and a broken registry does not hide the SOPs' problems: fixing the first
    problems never brings new ones to light."""
    make_data({
        # the schema fails (a bad time unit) and the SOP names an unknown unit and actor
        "sop/contoh.yaml": SOP.replace("unit: menit}", "unit: mnt}")
        .replace("unit: biro-umum", "unit: biro-umun")
        .replace("  - rektor\nsteps", "  - rektr\nsteps")
        .replace(STEP3, STEP3 + "    ke: 1\n"),
        # a second SOP: an unknown actor and a loop with no exit, found together
        "sop/kedua.yaml": SOP.replace("id: contoh", "id: kedua")
        .replace("nomor: SOP/01/2024", "nomor: SOP/02/2024")
        .replace("keputusan: kr-1-2024\n", "")
        .replace("  - staf\n  - rektor\n", "  - staf\n  - rektor\n  - dekan\n")
        .replace(STEP3, STEP3 + "    ke: 1\n"),
    })
    code, lines = check(capsys)
    assert code == 1
    assert lines == [
        f"{S}:4: unit: unit 'biro-umun' tidak dikenal; maksud Anda 'biro-umum'?",
        f"{S}:17: pelaksana[1]: pelaksana 'rektr' tidak dikenal; maksud Anda 'rektor'?",
        f"{S}:22: langkah 1.waktu.unit: 'mnt' bukan salah satu dari: menit, jam, hari, hari "
        "kerja, minggu, bulan",
        f"{S}:25: langkah 2.pelaksana: pelaksana 'rektor' tidak ada di daftar pelaksana SOP ini "
        "(staf, rektr); maksud Anda 'rektr'?",
        "data/sop/kedua.yaml:17: pelaksana[2]: pelaksana 'dekan' tidak dikenal (yang ada: "
        "rektor, staf); tambahkan dulu ke daftar pelaksana di institusi.yaml",
        "data/sop/kedua.yaml:18: steps: alur tidak pernah berakhir: tidak ada langkah tanpa "
        "langkah berikutnya (langkah terakhir jangan kembali ke langkah sebelumnya, atau beri "
        "langkah keputusan cabang ke akhir)",
        "6 masalah ditemukan; tidak ada yang dibangun.",
    ]


def test_a_broken_registry_does_not_hide_the_sops_problems(
    make_data: MakeData, capsys: pytest.CaptureFixture[str]
) -> None:
    make_data({
        "institusi.yaml": INSTITUSI.replace("nama: Universitas Contoh", "nama: [Universitas"),
        "sop/contoh.yaml": SOP.replace("{label: Lengkap, ke: 3}", "{label: Lengkap, ke: 7}"),
    })
    code, lines = check(capsys)
    assert code == 1
    assert lines == [
        f"{I}:1: YAML tidak dapat dibaca: kurung [ dibuka tetapi tidak ditutup dengan ]; "
        "tutup kurungnya, atau beri tanda kutip pada teks yang diawali [",
        f"{S}:27: langkah 2.cabang[0].ke: langkah 7 tidak ada (nomor langkah yang ada: 1, 2, 3)",
        "2 masalah ditemukan; tidak ada yang dibangun.",
    ]


YAML_IN_PLAIN_WORDS = {
    "a colon in unquoted text": (
        ("    kegiatan: Menerima berkas", "    kegiatan: Catatan: menerima berkas"), 20,
        "YAML tidak dapat dibaca: teks yang memuat titik dua (:) perlu diberi tanda kutip, "
        "mis. kegiatan: \"Catatan: berkas lengkap\""),
    "a tab": (
        ("  efektif: 2024-01-15", "\tefektif: 2024-01-15"), 8,
        "YAML tidak dapat dibaca: baris ini memakai tab untuk menjorok; ganti tab dengan spasi "
        "(YAML hanya menerima spasi)"),
    "an unclosed quote": (
        ("judul: Layanan Contoh", 'judul: "Layanan Contoh'), 3,
        'YAML tidak dapat dibaca: tanda kutip (") dibuka di baris ini tetapi tidak ditutup; '
        'tambahkan " di akhir teks'),
    "wrong indentation": (
        ("  efektif: 2024-01-15", " efektif: 2024-01-15"), 8,
        "YAML tidak dapat dibaca: jorok (jumlah spasi di awal baris) tidak sejajar; samakan "
        "dengan kunci lain di tingkat yang sama, atau beri tanda kutip pada teks yang "
        "berlanjut ke baris ini"),
    "deeper indentation": (
        ("unit: biro-umum", "unit: biro-umum\n  keputusan2: x"), 5,
        "YAML tidak dapat dibaca: jorok (jumlah spasi di awal baris) tidak sejajar; samakan "
        "dengan kunci lain di tingkat yang sama, atau beri tanda kutip pada teks yang "
        "berlanjut ke baris ini"),
    "text starting with @": (
        ("judul: Layanan Contoh", "judul: @Layanan"), 3,
        "YAML tidak dapat dibaca: teks yang diawali @ perlu diberi tanda kutip, mis. \"@…\""),
}


@pytest.mark.parametrize("name", list(YAML_IN_PLAIN_WORDS))
def test_yaml_syntax_errors_in_plain_words(
    name: str, make_data: MakeData, capsys: pytest.CaptureFixture[str]
) -> None:
    (old, new), line, message = YAML_IN_PLAIN_WORDS[name]
    make_data(sop_with(old, new))
    assert check(capsys)[1][0] == f"{S}:{line}: {message}"


def test_messages_in_english_with_a_setting(
    make_data: MakeData, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    make_data(sop_with("    pelaksana: rektor\n    cabang", "    pelaksana: rektr\n    cabang"))
    expected = [
        f"{S}:25: step 2.pelaksana: unknown actor 'rektr' (this SOP's pelaksana: staf, "
        "rektor); did you mean 'rektor'?",
        "1 problem found; nothing was built.",
    ]
    assert main(["--lang", "en", "check", "--data", "data"]) == 1
    assert capsys.readouterr().err.splitlines() == expected
    monkeypatch.setenv("SOP_LANG", "en")
    assert check(capsys)[1] == expected
    monkeypatch.setenv("SOP_LANG", "id")
    assert check(capsys)[1][0].endswith("maksud Anda 'rektor'?")


def test_english_yaml_and_schema_messages(
    make_data: MakeData, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOP_LANG", "en")
    make_data(sop_with("unit: menit}", "unit: mnt}"))
    assert check(capsys)[1] == [
        f"{S}:22: step 1.waktu.unit: 'mnt' is not one of menit, jam, hari, hari kerja, minggu, "
        "bulan",
        "1 problem found; nothing was built.",
    ]
    make_data(sop_with("    kegiatan: Menerima berkas", "    kegiatan: Catatan: menerima"))
    assert check(capsys)[1][0] == (
        f"{S}:20: YAML syntax error: text that contains a colon (:) must be put in quotes, "
        "e.g. kegiatan: \"Catatan: berkas lengkap\"")


def test_no_truncated_list_before_the_right_id(
    make_data: MakeData, capsys: pytest.CaptureFixture[str]
) -> None:
    """Many actors: the close one is named, not a list cut before it; none close: how many."""
    actors = "".join(f"  - id: jabatan-{i:02}\n    jabatan: Jabatan {i}\n    singkat: J{i}\n"
                     for i in range(30))
    make_data({
        "institusi.yaml": INSTITUSI + actors + "  - id: wakil-rektor\n    jabatan: Wakil\n"
        "    singkat: WR\n",
        "sop/contoh.yaml": SOP.replace("  - staf\n  - rektor\n",
                                       "  - staf\n  - rektor\n  - wakil-rektr\n  - zzz\n"),
    })
    assert check(capsys)[1][:2] == [
        f"{S}:18: pelaksana[2]: pelaksana 'wakil-rektr' tidak dikenal; maksud Anda "
        "'wakil-rektor'?",
        f"{S}:19: pelaksana[3]: pelaksana 'zzz' tidak dikenal dan tidak mirip satu pun dari 33 "
        "yang ada; tambahkan dulu ke daftar pelaksana di institusi.yaml",
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
    assert lines[0].startswith(f"{S}:22: langkah 1.waktu.unit: 'mnt'")


def test_symlink_out_of_data_folder(
    make_data: MakeData, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_data({"institusi.yaml": "logo: logo.svg\n" + INSTITUSI})
    (root / "logo.svg").symlink_to("/etc/hostname")
    _, lines = check(capsys)
    assert lines[0] == (
        f"{I}:1: logo: 'logo.svg' menunjuk ke luar folder data; simpan berkas di dalamnya"
    )


def test_missing_data_folder(make_data: MakeData, capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = check(capsys, "nowhere")
    assert (code, lines) == (
        1,
        [f"nowhere: folder data tidak ditemukan; jalankan sop di folder proyek (cd {ROOT}) "
         "atau sebutkan foldernya dengan --data", "1 masalah ditemukan; tidak ada yang dibangun."],
    )


def test_huge_file_is_refused(make_data: MakeData, capsys: pytest.CaptureFixture[str]) -> None:
    make_data({"sop/contoh.yaml": SOP + "deskripsi: " + "x" * 2_100_000 + "\n"})
    _, lines = check(capsys)
    assert lines[0] == f"{S}: berkas lebih besar dari 2000000 bita"


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
    assert proc.stderr.startswith(f"{S}: bukan teks UTF-8")
