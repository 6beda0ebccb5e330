"""Every text the tool says to a user about their data or a command, in Indonesian (the
default) and English: one place to read, word and translate them.

The language is Indonesian unless `SOP_LANG=en` is set in the environment or `sop --lang en`
is given. A text is looked up by its key and filled in with `str.format` fields:

    msg("yaml.duplicate_key", key="judul", line=3)
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable

LANGUAGES = ("id", "en")
_override: str | None = None


def set_language(lang: str | None) -> None:
    """Choose the language for this process (None: back to SOP_LANG, else Indonesian)."""
    global _override
    _override = lang


def language() -> str:
    """'id' or 'en': `--lang`, else `SOP_LANG`, else Indonesian."""
    lang = (_override or os.environ.get("SOP_LANG", "") or "id").strip().lower()[:2]
    return lang if lang in LANGUAGES else "id"


def msg(name: str, /, **fields: object) -> str:
    """The text `name` in the current language, filled in with `fields`."""
    texts = MESSAGES[name]
    return texts[1 if language() == "en" else 0].format(**fields)


def quoted(values: Iterable[str]) -> str:
    return ", ".join(f"'{v}'" for v in values)


#: How many known ids are listed in full when none is close to a wrong one.
LIST_ALL_UP_TO = 15


def unknown_id(what: str, value: str, known: Iterable[str], where: str) -> str:
    """'… tidak dikenal; maksud Anda 'x'?': the closest known ids (difflib), else every known
    id when there are few, else how many there are and where they are listed."""
    options = sorted(known)
    close = difflib.get_close_matches(value, options, n=3, cutoff=0.6)
    if not close:  # 'rektr' is close to 'rektor'; also look for a shared prefix ('kabiro-a')
        close = [o for o in options if value and (o.startswith(value) or value.startswith(o))][:3]
    noun = msg(f"what.{what}")
    if close:
        return msg("id.unknown_close", what=noun, value=value, close=_or(close), where=where)
    if not options:
        return msg("id.unknown_none", what=noun, value=value, where=where)
    if len(options) <= LIST_ALL_UP_TO:
        return msg("id.unknown_list", what=noun, value=value, known=", ".join(options),
                   where=where)
    return msg("id.unknown_many", what=noun, value=value, n=len(options), where=where)


def argparse_text(text: str) -> str:
    """argparse's own words (usage, option groups, its errors) in the current language: `sop`
    sets this as argparse's translation function while it runs."""
    return text if language() == "en" else ARGPARSE.get(text, text)


def _or(values: list[str]) -> str:
    word = " atau " if language() == "id" else " or "
    items = [f"'{v}'" for v in values]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + word + items[-1]


# (Indonesian, English). Fields in braces. Keep both columns saying the same thing.
MESSAGES: dict[str, tuple[str, str]] = {
    # --------------------------------------------------------------- report and CLI
    "report.summary": ("{n} masalah ditemukan; tidak ada yang dibangun.",
                       "{n} problem{s} found; nothing was built."),
    "report.count": ("{n} masalah di data", "{n} problem(s) in the data set"),
    "top_level": ("(tingkat teratas)", "(top level)"),
    "step": ("langkah {label}", "step {label}"),
    "cli.error": ("kesalahan: {text}", "error: {text}"),
    "cli.interrupted": ("dihentikan", "interrupted"),
    "cli.terminated": ("dihentikan (SIGTERM)", "stopped (SIGTERM)"),
    "cli.cannot_write": (
        "tidak dapat menulis{where}: {reason}; periksa bahwa folder dapat ditulisi dan disk "
        "tidak penuh",
        "cannot write{where}: {reason}; check that the folder is writable and the disk is not "
        "full"),
    "cli.check_ok": ("{data}: {sops} SOP, {decrees} keputusan: OK",
                     "{data}: {sops} SOP, {decrees} keputusan: OK"),
    "cli.due_overdue": ("TERLAMBAT", "OVERDUE"),
    "cli.due_soon": ("segera", "due"),
    "cli.due_summary": ("{n} SOP jatuh tempo ditinjau sampai {by}; {overdue} di antaranya "
                        "sudah terlambat",
                        "{n} SOP due for review by {by}; {overdue} overdue"),
    "cli.revised": (
        "Versi yang berlaku diarsipkan sebagai {frozen} (hanya-baca).\n"
        "{source} sekarang versi {versi}, berstatus draft. Langkah berikutnya:\n"
        "  1. ubah isinya di penyunting teks;\n"
        "  2. pratinjau: sop serve --drafts{data_opt}\n"
        "  3. terbitkan: ubah status: draft menjadi status: berlaku dan tanggal.efektif menjadi "
        "tanggal mulai berlakunya versi {versi}, lalu sop check{data_opt} dan sop build{data_opt}",
        "Archived the version in force as {frozen} (read-only).\n"
        "{source} is now version {versi}, status draft. Next:\n"
        "  1. edit it in a text editor;\n"
        "  2. preview: sop serve --drafts{data_opt}\n"
        "  3. publish: change status: draft to status: berlaku and tanggal.efektif to the date "
        "version {versi} comes into force, then sop check{data_opt} and sop build{data_opt}"),
    "cli.reviewed": (
        "Tinjauan {tanggal} dicatat di {source}: {hasil}. Tinjauan berikutnya: {berikutnya}.\n"
        "Sidik jari versi {versi} tetap {fingerprint}; isi dan PDF tidak berubah.",
        "Review of {tanggal} recorded in {source}: {hasil}. Next review: {berikutnya}.\n"
        "The fingerprint of version {versi} stays {fingerprint}; content and PDFs unchanged."),
    "cli.new_created": (
        "{path} dibuat sebagai DRAF (status: draft): belum tampil di situs.\n"
        "Langkah berikutnya:\n"
        "  1. lengkapi isian bertanda TODO di penyunting teks;\n"
        "  2. periksa: sop check{data_opt}\n"
        "  3. pratinjau: sop serve --drafts{data_opt} lalu buka "
        "http://127.0.0.1:8000/sop/{id}/\n"
        "  4. terbitkan: ubah status: draft menjadi status: berlaku, lalu sop check{data_opt} "
        "dan sop build{data_opt}",
        "Created {path} as a DRAFT (status: draft): not on the site yet.\n"
        "Next:\n"
        "  1. fill in the TODO placeholders in a text editor;\n"
        "  2. check: sop check{data_opt}\n"
        "  3. preview: sop serve --drafts{data_opt} and open http://127.0.0.1:8000/sop/{id}/\n"
        "  4. publish: change status: draft to status: berlaku, then sop check{data_opt} "
        "and sop build{data_opt}"),
    "cli.site_url": ("--site-url: {problem}", "--site-url: {problem}"),
    "cli.built": (
        "Situs {site}/ dibangun dari {data} dengan {engine}: {pages} halaman, {pdfs} PDF, "
        "dalam {seconds} detik{preview}",
        "Built {site}/ from {data} with {engine}: {pages} pages, {pdfs} PDFs in {seconds} s"
        "{preview}"),
    "cli.up_to_date": (
        "Situs {site}/ sudah sesuai dengan {data}: tidak ada yang berubah sejak dibangun "
        "({seconds} detik){preview}",
        "{site}/ is up to date with {data}: nothing changed since it was built ({seconds} s)"
        "{preview}"),
    "cli.preview_note": (" (pratinjau: draf ditampilkan, bertanda DRAF; jangan diterbitkan)",
                         " (preview: drafts shown, marked DRAF; do not publish)"),
    "cli.wrote": ("ditulis: {path}", "wrote {path}"),
    # --------------------------------------------------------------- sop --help (sop/cli.py)
    "help.sop": ("Perintah sop: memeriksa, membuat, membangun, mempratinjau, dan mencetak SOP.",
                 "The `sop` command: check, scaffold, build, serve and print SOP data sets."),
    "help.data": ("folder data (bawaan: %(default)s)", "data folder (default: %(default)s)"),
    "help.drafts": (
        "pratinjau: tampilkan versi draf sebagai berlaku, bertanda DRAF (jangan diterbitkan)",
        "preview: show draft versions as in force, marked DRAF (never publish this site)"),
    "help.engine": ("mesin situs (bawaan: $SOP_ENGINE, atau mkdocs)",
                    "site engine (default: $SOP_ENGINE, else mkdocs)"),
    "help.verbose": ("tampilkan pesan rinci untuk pengembang", "show debug messages"),
    "help.lang": ("bahasa pesan: id (bawaan) atau en; atau atur SOP_LANG=en",
                  "language of the messages: id (default) or en; or set SOP_LANG=en"),
    "help.check": ("periksa folder data dan tampilkan semua masalahnya",
                   "validate a data set and list every problem"),
    "help.due": ("daftar SOP yang jatuh tempo ditinjau dalam 30 hari; kode 1 bila terlambat",
                 "list SOPs whose review is due within 30 days; exit 1 if overdue"),
    "help.revise": ("mulai versi baru sebuah SOP sebagai draf",
                    "start a new version of an SOP as a draft"),
    "help.id": ("id SOP", "SOP id"),
    "help.ringkasan": ("ringkasan perubahan", "summary of the changes"),
    "help.tinjau": ("catat peninjauan berkala (sidik jari, PDF, dan versi tidak berubah)",
                    "record a periodic review (fingerprint, PDFs and version unchanged)"),
    "help.tanggal": ("tanggal peninjauan (bawaan: hari ini)",
                     "date of the review (default: today)"),
    "help.hasil": ("hasil peninjauan (bawaan: 'Masih sesuai; tidak ada perubahan')",
                   "result of the review (default: 'Masih sesuai; tidak ada perubahan')"),
    "help.berikutnya": ("tanggal tinjauan berikutnya (bawaan: setahun sesudah --tanggal)",
                        "next review date (default: a year after --tanggal)"),
    "help.new": ("buat berkas SOP baru dari beberapa jawaban",
                 "create a new SOP file from a few answers"),
    "help.new_id": ("pengenal tetap, mis. cuti-dosen", "stable slug, e.g. cuti-dosen"),
    "help.judul": ("judul SOP", "title of the SOP"),
    "help.nomor": ("nomor SOP", "SOP number"),
    "help.unit": ("id unit pemilik", "id of the owning unit"),
    "help.pelaksana": ("id pelaksana, urut kolom, dipisah koma",
                       "actor ids for the columns, comma separated"),
    "help.keputusan": ("id keputusan yang akan memberlakukan SOP",
                       "id of the decree that will put it in force"),
    "help.yes": ("jangan bertanya; gagal bila ada jawaban yang kurang",
                 "never ask; fail on missing answers"),
    "help.import": ("impor dokumen SOP (Word, PDF) sebagai berkas data draf",
                    "import SOP documents (Word, PDF) as draft data files"),
    "help.files": (".docx, .pdf, atau .doc", ".docx, .pdf or .doc"),
    "help.build": ("bangun situs dan semua PDF ke folder site/",
                   "build the site and every PDF into site/"),
    "help.site": ("folder hasil (bawaan: %(default)s)", "output folder (default: %(default)s)"),
    "help.serve": ("pratinjau situs; dimuat ulang setiap berkas disimpan",
                   "preview the site with live reload"),
    "help.addr": ("alamat host:port pratinjau (bawaan: %(default)s)",
                  "host:port to serve on (default: %(default)s)"),
    "help.pdf": ("cetak satu SOP (atau buku keputusan) sebagai PDF",
                 "print one SOP (or a keputusan book) as PDF"),
    "help.pdf_id": ("id SOP, atau id keputusan untuk seluruh bukunya",
                    "SOP id, or a keputusan id for the whole book"),
    "help.out": ("berkas hasil (bawaan: ID.pdf atau ID-resmi.pdf)",
                 "output file (default: ID.pdf or ID-resmi.pdf)"),
    "help.resmi": ("salinan resmi untuk ditandatangani: tanpa catatan kaki dan kode QR",
                   "official copy for signing: no footer note, no QR code"),
    "help.site_url": ("alamat situs untuk kode QR dan catatan kaki (bawaan: 'situs' institusi)",
                      "site address for the QR code and footer (default: the institution's "
                      "'situs')"),
    "help.schema": ("buat ulang berkas JSON Schema di folder schema/",
                    "regenerate the JSON Schema files in schema/"),
    # --------------------------------------------------------------- files (sop/files.py)
    "file.not_found": ("berkas tidak ditemukan", "file not found"),
    "file.cannot_read": ("berkas tidak dapat dibaca: {reason}", "cannot read file: {reason}"),
    "file.is_folder": ("ini folder, bukan berkas", "is a folder, expected a file"),
    "file.not_regular": ("bukan berkas biasa (pipa atau perangkat); seharusnya berkas",
                         "is not a regular file (a pipe or a device); expected a file"),
    "file.too_large": ("berkas lebih besar dari {n} bita", "file is larger than {n} bytes"),
    "file.not_utf8": ("bukan teks UTF-8 (bita ke-{n}); simpan ulang sebagai UTF-8",
                      "not UTF-8 text (byte {n}); save as UTF-8"),
    "file.binary": ("berkas biner, seharusnya teks YAML", "binary file, expected YAML text"),
    "file.empty": ("berkas kosong; seharusnya berisi pasangan kunci: nilai",
                   "file is empty, expected a mapping of keys"),
    "image.not_image": ("bukan gambar PNG, JPEG, atau SVG; simpan logo dalam salah satunya",
                        "is not a PNG, JPEG or SVG image; save the logo as one of these"),
    "image.svg_doctype": (
        "adalah SVG dengan DOCTYPE atau entitas; simpan tanpa keduanya (SVG biasa)",
        "is an SVG with a DOCTYPE or entities; save it without them (plain SVG)"),
    "image.svg_broken": ("bukan gambar SVG yang utuh ({error})",
                         "is not a well-formed SVG image ({error})"),
    "image.svg_root": ("bukan gambar SVG (elemen akarnya bukan <svg>)",
                       "is not an SVG image (its root element is not <svg>)"),
    "image.too_many_pixels": (
        "berukuran {width}×{height} piksel; paling banyak {limit} di setiap sisi (logo cukup "
        "jauh lebih kecil)",
        "is {width}×{height} pixels; at most {limit} on each side (a logo needs far fewer)"),
    "image.damaged": ("gambar rusak atau tidak terbaca; simpan ulang sebagai PNG atau JPEG",
                      "is a damaged or unreadable image; save it again as PNG or JPEG"),
    # --------------------------------------------------------------- YAML (sop/yamlio.py)
    "yaml.syntax": ("YAML tidak dapat dibaca: {problem}", "YAML syntax error: {problem}"),
    "yaml.colon": (
        "YAML tidak dapat dibaca: teks yang memuat titik dua (:) perlu diberi tanda kutip, "
        "mis. kegiatan: \"Catatan: berkas lengkap\"",
        "YAML syntax error: text that contains a colon (:) must be put in quotes, e.g. "
        "kegiatan: \"Catatan: berkas lengkap\""),
    "yaml.tab": (
        "YAML tidak dapat dibaca: baris ini memakai tab untuk menjorok; ganti tab dengan spasi "
        "(YAML hanya menerima spasi)",
        "YAML syntax error: this line is indented with a tab; replace the tab with spaces "
        "(YAML accepts spaces only)"),
    "yaml.unclosed_quote": (
        "YAML tidak dapat dibaca: tanda kutip ({quote}) dibuka di baris ini tetapi tidak "
        "ditutup; tambahkan {quote} di akhir teks",
        "YAML syntax error: a quote ({quote}) opens on this line and is never closed; add "
        "{quote} at the end of the text"),
    "yaml.unclosed_bracket": (
        "YAML tidak dapat dibaca: kurung {open} dibuka tetapi tidak ditutup dengan {close}; "
        "tutup kurungnya, atau beri tanda kutip pada teks yang diawali {open}",
        "YAML syntax error: a bracket {open} opens and is never closed with {close}; close "
        "it, or put text that starts with {open} in quotes"),
    "yaml.indent": (
        "YAML tidak dapat dibaca: jorok (jumlah spasi di awal baris) tidak sejajar; samakan "
        "dengan kunci lain di tingkat yang sama, atau beri tanda kutip pada teks yang "
        "berlanjut ke baris ini",
        "YAML syntax error: the indentation (spaces at the start of the line) does not line "
        "up; align it with the other keys at the same level, or put text that goes on to this "
        "line in quotes"),
    "yaml.bad_start": (
        "YAML tidak dapat dibaca: teks yang diawali {char} perlu diberi tanda kutip, mis. "
        "\"{char}…\"",
        "YAML syntax error: text that starts with {char} must be put in quotes, e.g. "
        "\"{char}…\""),
    "yaml.second_document": (
        "YAML tidak dapat dibaca: dokumen kedua dimulai di sini ('---'); satu berkas hanya "
        "berisi satu dokumen",
        "YAML syntax error: a second document starts here ('---'); keep one document per file"),
    "yaml.too_many_values": (
        "lebih dari {n} nilai (alias *nama dihitung penuh); pecah berkasnya atau tulis ulang "
        "bagian yang berulang",
        "more than {n} values (aliases *name expanded); split the file or write the repeated "
        "parts out"),
    "yaml.alias_self": (
        "alias *{name} berada di dalam nilai yang dinamainya (&{name}); nilai tidak dapat "
        "memuat dirinya sendiri",
        "alias *{name} is inside the value it names (&{name}); a value cannot contain itself"),
    "yaml.alias_unknown": (
        "YAML tidak dapat dibaca: alias *{name} tidak menunjuk jangkar &{name} yang ditulis "
        "sebelumnya",
        "YAML syntax error: alias *{name} names no anchor &{name} defined before it"),
    "yaml.key_not_text": ("kunci harus berupa teks biasa", "a key must be plain text"),
    "yaml.duplicate_key": ("kunci '{key}' ganda (pertama ditulis di baris {line})",
                           "duplicate key '{key}' (first defined on line {line})"),
    "yaml.control": (
        "memuat karakter kendali U+{code}, yang tidak dapat tampil di halaman atau PDF; "
        "hapus (biasanya terbawa saat menempel teks dari program lain)",
        "contains the control character U+{code}, which no page or PDF can show; remove it "
        "(it often comes with text pasted from another program)"),
    "yaml.unsupported": ("nilai YAML tidak didukung: {problem}",
                         "unsupported YAML value: {problem}"),
    "yaml.too_deep": (
        "daftar dan pasangan kunci bersarang lebih dari {n} tingkat; data SOP jauh lebih dangkal",
        "lists and mappings nested more than {n} levels deep; SOP data needs far fewer"),
    # --------------------------------------------------------------- schema (sop/schema.py)
    "schema.not_mapping": ("seharusnya pasangan kunci: nilai, tertulis {got}",
                           "expected a mapping of keys, got {got}"),
    "schema.missing": ("kunci wajib '{key}' belum ada", "missing required key '{key}'"),
    "schema.unknown_key_close": ("kunci '{key}' tidak dikenal; maksud Anda '{close}'?",
                                 "unknown key '{key}' (did you mean '{close}'?)"),
    "schema.unknown_key": ("kunci '{key}' tidak dikenal (yang dapat dipakai: {allowed})",
                           "unknown key '{key}' (expected one of: {allowed})"),
    "schema.or_not_stated": (", atau '{ns}' bila dokumen tidak mencantumkannya",
                             ", or '{ns}' when the document does not state it"),
    "schema.not_one_of": ("{value} bukan salah satu dari: {options}",
                          "{value} is not one of {options}"),
    "schema.bad_date": ("{value} bukan tanggal yang ada (tulis TTTT-BB-HH, mis. 2022-08-22)",
                        "{value} is not a real date (expected YYYY-MM-DD, e.g. 2022-08-22)"),
    "schema.bad_id": (
        "{value} bukan pengenal (id) yang sah: pakai huruf kecil, angka, dan tanda hubung, "
        "tanpa spasi, mis. 'kabiro-aupk'",
        "{value} is not a valid id (expected lower-case letters, digits and hyphens, e.g. "
        "'kabiro-aupk')"),
    "schema.empty": ("tidak boleh kosong", "must not be empty"),
    "schema.too_long": ("{value} terlalu panjang (paling banyak {n} karakter)",
                        "{value} is too long (at most {n} characters)"),
    "schema.too_few": ("seharusnya paling sedikit {n} butir, tertulis {got}",
                       "expected at least {n} item(s), got {got}"),
    "schema.greater_than": ("{value} harus lebih dari {limit}",
                            "{value} must be greater than {limit}"),
    "schema.greater_than_equal": ("{value} harus paling sedikit {limit}",
                                  "{value} must be at least {limit}"),
    "schema.less_than_equal": ("{value} harus paling banyak {limit}",
                               "{value} must be at most {limit}"),
    "schema.less_than": ("{value} harus kurang dari {limit}", "{value} must be less than {limit}"),
    "schema.finite": ("seharusnya bilangan biasa (mis. 15), tertulis {value}",
                      "expected a finite number (e.g. 15), got {value}"),
    "schema.text_or_mapping": ("seharusnya teks atau pasangan kunci: nilai, tertulis {got}",
                               "expected text or a mapping of keys, got {got}"),
    "schema.expected": ("seharusnya {words}, tertulis {got}", "expected {words}, got {got}"),
    "type.int": ("bilangan bulat", "a whole number"),
    "type.float": ("bilangan", "a number"),
    "type.string": ("teks", "text"),
    "type.list": ("daftar", "a list"),
    "type.dict": ("pasangan kunci: nilai", "a mapping of keys"),
    "type.model": ("pasangan kunci: nilai", "a mapping of keys"),
    "type.bool": ("true atau false", "true or false"),
    "type.date": ("tanggal TTTT-BB-HH", "a date YYYY-MM-DD"),
    "value.nothing": ("kosong (tanpa nilai)", "nothing (empty value)"),
    "value.mapping": ("pasangan kunci: nilai", "a mapping of keys"),
    "value.list": ("sebuah daftar", "a list"),
    "model.number_as_text": (
        "{value} terbaca sebagai angka; tulis di antara tanda kutip, persis seperti di "
        "dokumen (mis. \"{value}\")",
        "{value} was read as a number; write it in quotes, exactly as on the document "
        "(e.g. \"{value}\")"),
    "model.synonym_empty": ("ada sinonim yang kosong atau hanya tanda baca",
                            "a synonym is empty or only punctuation"),
    "model.synonym_twice": ("satu kelompok menyebut kata yang sama dua kali: {group}",
                            "a group names the same word twice: {group}"),
    # --------------------------------------------------------------- ids (sop/ids.py)
    "nip.length": (
        "NIP '{value}' harus 18 digit (tanggal lahir TTTTBBHH, TMT TTTTBB, jenis kelamin, "
        "nomor urut), tertulis {n} karakter",
        "NIP '{value}' must be 18 digits (birth date YYYYMMDD, appointment YYYYMM, sex, "
        "serial), got {n} characters"),
    "nip.birth": ("NIP '{value}' diawali '{digits}', yang bukan tanggal lahir yang ada",
                  "NIP '{value}' starts with '{digits}', which is not a real birth date"),
    "nip.month": ("NIP '{value}' memuat bulan pengangkatan '{digits}', yang bukan bulan yang ada",
                  "NIP '{value}' has appointment month '{digits}', not a real month"),
    "nip.sex": ("NIP '{value}' memuat digit jenis kelamin '{digit}'; seharusnya 1 atau 2",
                "NIP '{value}' has sex digit '{digit}', expected 1 or 2"),
    "nidn.length": ("NIDN '{value}' harus 10 digit, tertulis {n} karakter",
                    "NIDN '{value}' must be 10 digits, got {n} characters"),
    # --------------------------------------------------------------- names (sop/names.py)
    "names.web_address": (
        "'{value}' bukan alamat web (seharusnya diawali https://, mis. "
        "'https://sop.uin-malang.ac.id/', tanpa spasi, tanda kutip, <, >, & atau ?)",
        "'{value}' is not a web address (expected one starting with https://, e.g. "
        "'https://sop.uin-malang.ac.id/', without spaces, quotes, <, >, & or ?)"),
    "names.bad_id": (
        "'{value}' bukan pengenal (id) yang sah: pakai huruf kecil, angka, dan tanda hubung, "
        "tanpa spasi, mis. 'cuti-dosen'",
        "'{value}' is not a valid id (expected lower-case letters, digits and hyphens, e.g. "
        "'cuti-dosen')"),
    "names.device": (
        "'{value}' adalah nama berkas yang dicadangkan Windows (con, prn, aux, nul, com1…, "
        "lpt1…); pilih id lain, mis. '{value}-1'",
        "'{value}' is a reserved file name on Windows (con, prn, aux, nul, com1…, lpt1…); "
        "choose another id, e.g. '{value}-1'"),
    "names.taken": ("id '{value}' dipakai oleh situs sendiri ({why}); pilih id lain",
                    "the id '{value}' is used by the site itself ({why}); choose another id"),
    "names.taken.sop": ("/sop/index.md akan menjadi halaman /sop/, bukan /sop/index/",
                        "/sop/index.md would become the page /sop/ instead of /sop/index/"),
    "names.taken.keputusan": ("daftar keputusan adalah halaman /keputusan/",
                              "the list of decrees is the page /keputusan/"),
    "names.taken.unit": ("daftar unit adalah halaman /unit/",
                         "the list of units is the page /unit/"),
    "names.resmi": (
        "id SOP tidak boleh berakhiran '-resmi' (pdf/sop/{value}.pdf adalah salinan resmi SOP "
        "'{base}'); pilih id lain",
        "an SOP id must not end in '-resmi' (pdf/sop/{value}.pdf is the official copy of SOP "
        "'{base}'); choose another id"),
    # --------------------------------------------------------------- data set (sop/dataset.py)
    "data.not_found": (
        "folder data tidak ditemukan; jalankan sop di folder proyek (cd {project}) atau "
        "sebutkan foldernya dengan --data",
        "data folder not found; run sop in the project folder (cd {project}) or give the "
        "folder with --data"),
    "data.not_folder": ("bukan folder", "is not a folder"),
    "data.link_out": (
        "menaut ke berkas di luar folder data; simpan berkas data di dalam folder data",
        "links to a file outside the data folder; keep data files inside it"),
    "data.required_missing": ("berkas wajib ini belum ada", "required file is missing"),
    "data.duplicate_id": ("id {kind} '{key}' ganda (juga di {other})",
                          "duplicate {kind} id '{key}' (also in {other})"),
    "data.archive_place": (
        "berkas arsip {name} harus berisi SOP '{id}' versi {versi}, tertulis '{found_id}' "
        "versi {found_versi}",
        "an archived file {name} must hold SOP '{id}' version {versi}, found '{found_id}' "
        "version {found_versi}"),
    # --------------------------------------------------------------- cross-checks (validate)
    "what.unit": ("unit", "unit"),
    "what.actor": ("pelaksana", "actor"),
    "what.regulation": ("peraturan", "regulation"),
    "what.keputusan": ("keputusan", "keputusan"),
    "what.sop": ("SOP", "SOP"),
    "where.unit": ("tambahkan dulu ke daftar unit di institusi.yaml",
                   "add it to the unit list in institusi.yaml first"),
    "where.actor": ("tambahkan dulu ke daftar pelaksana di institusi.yaml",
                    "add it to the pelaksana list in institusi.yaml first"),
    "where.regulation": ("tambahkan dulu ke dasar_hukum.yaml",
                         "add it to dasar_hukum.yaml first"),
    "where.keputusan": ("setiap keputusan adalah satu berkas di folder keputusan/",
                        "each decree is a file in the keputusan/ folder"),
    "where.sop": ("setiap SOP adalah satu berkas di folder sop/",
                  "each SOP is a file in the sop/ folder"),
    "id.unknown_close": ("{what} '{value}' tidak dikenal; maksud Anda {close}?",
                         "unknown {what} '{value}'; did you mean {close}?"),
    "id.unknown_list": ("{what} '{value}' tidak dikenal (yang ada: {known}); {where}",
                        "unknown {what} '{value}' (known: {known}); {where}"),
    "id.unknown_many": (
        "{what} '{value}' tidak dikenal dan tidak mirip satu pun dari {n} yang ada; {where}",
        "unknown {what} '{value}', not close to any of the {n} known; {where}"),
    "id.unknown_none": ("{what} '{value}' tidak dikenal (belum ada satu pun); {where}",
                        "unknown {what} '{value}' (none defined yet); {where}"),
    "check.step_actor": (
        "pelaksana '{actor}' tidak ada di daftar pelaksana SOP ini ({columns}); tambahkan ke "
        "'pelaksana' di bagian atas berkas",
        "unknown actor '{actor}' (this SOP's pelaksana: {columns}); add it to 'pelaksana' at "
        "the top of the file"),
    "check.step_actor_close": (
        "pelaksana '{actor}' tidak ada di daftar pelaksana SOP ini ({columns}); maksud Anda "
        "{close}?",
        "unknown actor '{actor}' (this SOP's pelaksana: {columns}); did you mean {close}?"),
    "check.duplicate_number": ("nomor SOP '{nomor}' ganda (juga di {other})",
                               "duplicate SOP number '{nomor}' (also in {other})"),
    "check.archive_not_older": (
        "versi arsip {old} tidak lebih lama dari versi berlaku {current}",
        "archived version {old} is not older than the current version {current}"),
    "check.duplicate": ("{what} '{value}' ganda (pertama di baris {line})",
                        "duplicate {what} '{value}' (first on line {line})"),
    "dup.unit": ("id unit", "unit id"),
    "dup.actor_id": ("id pelaksana", "actor id"),
    "dup.actor": ("pelaksana", "actor"),
    "dup.regulation": ("id peraturan", "regulation id"),
    "dup.sop": ("SOP", "SOP"),
    "dup.bagian": ("bagian", "bagian"),
    "check.asset_outside": ("'{file}' menunjuk ke luar folder data; simpan berkas di dalamnya",
                            "'{file}' points outside the data folder; keep files inside it"),
    "check.asset_missing": ("berkas '{file}' tidak ada di {root}",
                            "file '{file}' not found in {root}"),
    "check.lampiran_other": (
        "SOP '{sop}' menyebut keputusan '{named}', padahal terlampir di '{decree}'; samakan "
        "'keputusan' di berkas SOP itu",
        "SOP '{sop}' names keputusan '{named}', expected '{decree}'"),
    "check.lampiran_none": (
        "SOP '{sop}' tidak menyebut keputusan, padahal terlampir di '{decree}'; tambahkan "
        "keputusan: {decree} di berkas SOP itu",
        "SOP '{sop}' names no keputusan, expected '{decree}'"),
    "check.id_file": (
        "id '{id}' berbeda dari nama berkas '{stem}.yaml'; namai berkas sesuai id-nya",
        "id '{id}' differs from the file name '{stem}.yaml'; name the file after the id"),
    "check.placeholder": (
        "masih isian sementara '{value}' dari `sop new`: isi, atau tulis '{ns}' bila "
        "dokumen tidak mencantumkannya (hanya draf yang boleh memuatnya)",
        "still the placeholder '{value}' written by `sop new`: fill it in, or write '{ns}' "
        "if the document does not state it (only a draft may keep it)"),
    "check.column": (
        "langkah ini memuat {key}, tetapi tabel bagan alir tidak punya kolom {key} "
        "(tambahkan ke tabel, atau pindahkan teksnya)",
        "step {label} has {key}, but the flowchart table has no {key} column (add it to "
        "tabel, or move the text)"),
    "check.free_section": (
        "bagian bebas memerlukan judul, label, atau isi (atau sebut bagian dengan bagian: "
        "{kinds})",
        "a free section needs judul, label or isi (or name a part with bagian: {kinds})"),
    "check.own_key": (
        "isi '{kind}' ditulis di kuncinya sendiri; isi hanya untuk bagian bebas",
        "the content of '{kind}' is written under its own key; isi is for a free section only"),
    "build.no_site_url": (
        "SITE_URL tidak diatur dan {file} tidak memuat 'situs': kode QR, kaki PDF dan umpan "
        "menunjuk ke {url}, hanya tepat untuk pratinjau di komputer ini",
        "SITE_URL is not set and {file} has no 'situs': QR codes, PDF footers and the feed "
        "point at {url}, right for a local preview only"),
    "build.unchanged": (
        "Tidak ada yang berubah sejak situs terakhir diterbitkan: {site} dibiarkan seperti adanya",
        "Nothing changed since the published build: {site} kept as it is"),
    "build.source": (
        "Sumber situs: {files} berkas, {written} ditulis, {removed} dihapus, dalam {seconds:.1f} "
        "detik ({folder})",
        "Site source: {files} files, {written} written, {removed} removed in {seconds:.1f} s "
        "({folder})"),
    "build.engine_done": (
        "{engine}: situs dibangun dalam {seconds:.1f} detik",
        "{engine}: site built in {seconds:.1f} s"),
    "build.pdf_progress": ("PDF {done}/{total} ({name})", "PDF {done}/{total} ({name})"),
    "build.pdf_done": (
        "PDF: {files} berkas ({made} dibuat, {reused} dipakai ulang dari {cache}) dalam "
        "{seconds:.0f} detik",
        "PDF: {files} files ({made} made, {reused} reused from {cache}) in {seconds:.0f} s"),
    "serve.problems": (
        "Data bermasalah (ditampilkan di peramban):\n{report}",
        "Data set has problems (shown in the browser):\n{report}"),
    "serve.edited": ("Halaman yang diubah lebih dulu: {pages}", "Edited first: {pages}"),
    "serve.source": (
        "Sumber situs: {written} berkas ditulis dalam {seconds:.1f} detik",
        "Site source: {written} files written in {seconds:.1f} s"),
    "check.efektif_before_revision": (
        "tanggal efektif {efektif} lebih awal dari revisi versi {versi} ({revised}): itu "
        "tanggal berlaku versi sebelumnya; tulis tanggal mulai berlakunya versi {versi}",
        "tanggal efektif {efektif} is before the revision of version {versi} ({revised}): it is "
        "the previous version's date; write the date version {versi} comes into force"),
    "check.signatures_in_grid": (
        "tanda tangan lain dicetak di tabel identitas (identitas.tanda_tangan: identitas), "
        "tidak di bagian sendiri, dan pengesah juga (identitas.pengesahan: identitas); hapus "
        "{{bagian: tanda_tangan}} dari susunan, atau tulis identitas.tanda_tangan: baris atau "
        "identitas.pengesahan: baris sesuai dokumen",
        "the further signatures are printed in the identity table (identitas.tanda_tangan: "
        "identitas), not in a part of their own, and so is the pengesah (identitas.pengesahan: "
        "identitas); remove {{bagian: tanda_tangan}} from susunan, or write "
        "identitas.tanda_tangan: baris or identitas.pengesahan: baris as the document has them"),
    "check.no_signature_row": (
        "baris tanda tangan tidak berisi apa pun: SOP ini tanpa tanda_tangan_lain dan pengesah "
        "menandatangani di tabel identitas (identitas.pengesahan: identitas); hapus "
        "{{bagian: tanda_tangan}} dari susunan, atau tulis identitas.pengesahan: baris bila "
        "dokumen menaruh blok 'Disahkan oleh' di baris tanda tangan",
        "the signature row has nothing to print: this SOP has no tanda_tangan_lain and the "
        "pengesah signs in the identity table (identitas.pengesahan: identitas); remove "
        "{{bagian: tanda_tangan}} from susunan, or write identitas.pengesahan: baris when the "
        "document puts the 'Disahkan oleh' block in the signature row"),
    "check.not_placed": (
        "'{kind}' berisi tetapi tidak punya tempat di susunan; tambahkan {{bagian: {kind}}} "
        "di tempat yang sesuai dengan dokumen",
        "'{kind}' has content but no place in susunan; add {{bagian: {kind}}} where the "
        "document puts it"),
    "check.decree_missing_sop": (
        "keputusan '{decree}' belum mencantumkan SOP ini di lampiran-nya; tambahkan "
        "'- {sop}' di bawah lampiran: di {file}",
        "keputusan '{decree}' does not list this SOP in its lampiran; add '- {sop}' under "
        "lampiran: in {file}"),
    "check.self_related": ("SOP tidak dapat terkait dengan dirinya sendiri",
                           "an SOP cannot be related to itself"),
    "check.superseded": ("status 'digantikan' memerlukan digantikan_oleh: id SOP yang baru",
                         "status 'digantikan' needs digantikan_oleh: the id of the new SOP"),
    "check.history_order": (
        "versi {after} ditulis sesudah versi {before}; urutkan riwayat dari versi terkecil",
        "version {after} follows version {before}; list versions in increasing order"),
    "check.history_newer": ("versi {versi} lebih lama dari versi {newest} di riwayat",
                            "versi {versi} is older than riwayat's version {newest}"),
    "check.duplicate_step": (
        "nomor langkah {no} ganda (pertama di baris {line}); nomori ulang langkah-langkahnya",
        "duplicate step number {no} (first on line {line}); renumber the steps"),
    "check.end_with_next": ("langkah yang mengakhiri alur tidak memuat 'ke' atau 'cabang'",
                            "a step that ends the flow has no 'ke' or 'cabang'"),
    "check.ke_and_cabang": ("langkah keputusan mengikuti cabang-nya; hapus 'ke'",
                            "a decision goes where its cabang say; remove 'ke'"),
    "check.no_such_step": ("langkah {no} tidak ada (nomor langkah yang ada: {valid})",
                           "step {no} does not exist (step numbers: {valid})"),
    "check.span_not_later": (
        "'sampai' menunjuk langkah sesudah langkah {label} dalam urutan; langkah {target} "
        "tidak sesudahnya",
        "'sampai' names a step after step {label} in the order; step {target} is not after it"),
    "check.span_own_waktu": (
        "langkah {label} tercakup waktu langkah {start} (sampai langkah {end}) dan tidak memuat "
        "'waktu' sendiri; hapus 'waktu' di sini atau akhiri cakupan sebelum langkah ini",
        "step {label} is covered by the time of step {start} (to step {end}) and has no 'waktu' "
        "of its own; remove 'waktu' here or end the span before this step"),
    "check.sub_first": (
        "sub-prosedur pertama mulai di langkah pertama ({first}), bukan langkah {label}",
        "the first sub-procedure starts at the first step ({first}), not at step {label}"),
    "check.sub_order": (
        "sub-prosedur '{judul}' mulai di langkah {label}, yang tidak sesudah awal sub-prosedur "
        "sebelumnya (langkah {before}); urutkan menurut langkah pertamanya",
        "sub-procedure '{judul}' starts at step {label}, which is not after the start of the one "
        "before (step {before}); order them by their first step"),
    "check.span_parts": (
        "waktu langkah {start} sampai langkah {end} melewati awal sub-prosedur '{judul}' "
        "(langkah {label}); satu waktu hanya mencakup langkah satu sub-prosedur",
        "the time of steps {start} to {end} crosses the start of sub-procedure '{judul}' "
        "(step {label}); one time covers the steps of one sub-procedure only"),
    "check.branch_end_and_ke": (
        "cabang '{label}' memuat 'ke' dan 'selesai: true'; tulis salah satu: 'ke' ke langkah "
        "tujuan, atau 'selesai: true' bila cabang ini mengakhiri alur",
        "branch '{label}' has both 'ke' and 'selesai: true'; write one of them: 'ke' for the "
        "next step, or 'selesai: true' when this branch ends the flow"),
    "check.branch_no_target": (
        "cabang '{label}' tidak menuju ke mana pun; tulis 'ke: N' (nomor langkah tujuan) atau "
        "'selesai: true' bila cabang ini mengakhiri alur",
        "branch '{label}' leads nowhere; write 'ke: N' (the next step's number) or "
        "'selesai: true' when this branch ends the flow"),
    "check.row_first": (
        "langkah pertama tidak dapat 'sebaris': tidak ada langkah sebelumnya untuk berbagi "
        "baris; hapus 'sebaris'",
        "the first step cannot be 'sebaris': there is no step before it to share a row with; "
        "remove 'sebaris'"),
    "check.row_actor": (
        "langkah {label} 'sebaris' dengan langkah {other}, yang juga dilaksanakan '{actor}'; "
        "dalam satu baris tiap pelaksana menggambar satu simbol: hapus 'sebaris' atau pilih "
        "pelaksana lain",
        "step {label} is 'sebaris' with step {other}, which '{actor}' also does; in one row "
        "each actor draws one symbol: remove 'sebaris' or choose another actor"),
    "check.row_between": (
        "langkah {label} 'sebaris' dengan langkah {other}, tetapi kolom pelaksananya berada di "
        "antara kolom-kolom langkah bersama itu (garis penghubungnya akan melintasi simbol); "
        "hapus 'sebaris' atau ubah urutan 'pelaksana'",
        "step {label} is 'sebaris' with step {other}, but its actor column lies between that "
        "joint step's columns (its joining line would cross the symbol); remove 'sebaris' or "
        "reorder 'pelaksana'"),
    "check.row_part": (
        "langkah {label} memulai sub-prosedur '{judul}' sehingga tidak dapat 'sebaris' dengan "
        "langkah sebelumnya; hapus 'sebaris'",
        "step {label} begins sub-procedure '{judul}', so it cannot be 'sebaris' with the step "
        "before; remove 'sebaris'"),
    "check.span_row": (
        "waktu langkah {start} sampai langkah {end} memotong baris yang dipakai bersama "
        "(langkah {label} 'sebaris'); mulai dan akhiri cakupan 'sampai' pada batas baris",
        "the time of steps {start} to {end} cuts through a shared row (step {label} is "
        "'sebaris'); start and end the 'sampai' span at row boundaries"),
    "check.to_itself": ("langkah {no} menuju dirinya sendiri", "step {no} goes to itself"),
    "check.one_branch": ("langkah keputusan memerlukan paling sedikit dua cabang berlabel",
                         "a decision needs at least two labelled branches"),
    "check.duplicate_label": ("label cabang '{label}' ganda", "duplicate branch label '{label}'"),
    "check.never_ends": (
        "alur tidak pernah berakhir: tidak ada langkah tanpa langkah berikutnya (langkah "
        "terakhir jangan kembali ke langkah sebelumnya, atau beri langkah keputusan cabang ke "
        "akhir)",
        "the flow never ends: no step without a next step (the last step must not loop back, "
        "or give a decision a branch to the end)"),
    "check.unreachable": (
        "tidak dapat dicapai dari awal (langkah {starts}); tulis mulai: true bila alur boleh "
        "dimulai di langkah ini",
        "cannot be reached from the start (step {starts}); mark it mulai: true if the flow may "
        "start there"),
    "check.no_exit": (
        "tidak dapat mencapai akhir: langkah ini berada dalam perulangan tanpa jalan keluar",
        "cannot reach an end: this step is in a loop with no exit"),
    "check.archive_edited": (
        "versi arsip {versi} telah diubah sejak diarsipkan (sidik jari sekarang {now}, "
        "tercatat {recorded}); arsip tidak boleh diubah. Pulihkan dengan: git checkout -- "
        "{file}  (atau dari cadangan; salinan cetaknya bersidik jari {recorded})",
        "archived version {versi} was edited after it was archived (fingerprint now {now}, "
        "recorded {recorded}); archives never change. Restore it with: git checkout -- "
        "{file}  (or from a backup; its printed copies carry the fingerprint {recorded})"),
    "check.review_order": (
        "tinjauan tanggal {after} ditulis sesudah tinjauan {before}; urutkan dari yang terlama",
        "review of {after} follows the review of {before}; list reviews oldest first"),
    # --------------------------------------------------------------- sop revise / tinjau
    "revise.summary_required": (
        "sop revise: ringkasan perubahan wajib diisi (-m \"…\" atau --ringkasan \"…\")",
        "sop revise: a summary of the changes is required (-m \"…\" or --ringkasan \"…\")"),
    "revise.already_draft": (
        "SOP '{id}' versi {versi} sudah berupa draf; ubah isinya, lalu terbitkan (status: "
        "berlaku) sebelum memulai versi berikutnya",
        "SOP '{id}' version {versi} is already a draft; edit it, then publish it (status: "
        "berlaku) before starting another version"),
    "revise.link_out": ("{folder} menaut ke luar folder data; simpan berkas data di dalamnya",
                        "{folder} links outside the data folder; keep data files inside it"),
    "revise.exists": ("{path} sudah ada; versi arsip tidak pernah diubah",
                      "{path} already exists; archived versions never change"),
    "revise.cannot_write": (
        "sop revise tidak dapat menulis versi berikutnya ke berkas ini; ubah versi dan status "
        "secara manual, atau laporkan berkas ini",
        "sop revise could not write the next version into this file; set versi and status by "
        "hand, or report this file"),
    "tinjau.draft": (
        "SOP '{id}' versi {versi} masih draf; yang ditinjau adalah versi yang berlaku. "
        "Terbitkan dulu drafnya, atau tinjau sebelum merevisi",
        "SOP '{id}' version {versi} is a draft; a review is of the version in force. Publish "
        "the draft first, or review before revising"),
    "tinjau.result_required": ("sop tinjau: hasil tinjauan wajib diisi (--hasil \"…\")",
                               "sop tinjau: the result of the review is required (--hasil \"…\")"),
    "tinjau.next_before": (
        "sop tinjau: tanggal tinjauan berikutnya ({berikutnya}) harus sesudah tanggal tinjauan "
        "({tanggal})",
        "sop tinjau: the next review date ({berikutnya}) must come after the review date "
        "({tanggal})"),
    "tinjau.default_result": ("Masih sesuai; tidak ada perubahan",
                              "Still adequate; no changes"),
    # --------------------------------------------------------------- sop new (sop/scaffold.py)
    "new.missing": ("sop new: --{key} belum diisi ({question})",
                    "sop new: missing --{key} ({question})"),
    "new.bad_id": ("sop new: --id {problem}", "sop new: --id {problem}"),
    "new.not_data": ("sop new: {data} bukan folder data; sebutkan dengan --data",
                     "sop new: {data} is not a data folder; give it with --data"),
    "new.no_actor": ("sop new: sebutkan paling sedikit satu id pelaksana di --pelaksana",
                     "sop new: give at least one actor id in --pelaksana"),
    "new.link_out": ("sop new: {folder} menaut ke luar folder data",
                     "sop new: {folder} links outside the data folder"),
    "new.exists": ("{path} sudah ada; pilih --id lain",
                   "{path} already exists; choose another --id"),
    "new.cannot_write": ("sop new: tidak dapat menulis {path}: {reason}",
                         "sop new: cannot write {path}: {reason}"),
    "new.q.id": ("Pengenal SOP (huruf kecil dan tanda hubung, mis. cuti-dosen)",
                 "SOP id (lower-case letters and hyphens, e.g. cuti-dosen)"),
    "new.q.judul": ("Judul SOP", "Title of the SOP"),
    "new.q.nomor": ("Nomor SOP (atau 'tidak tercantum')", "SOP number (or 'tidak tercantum')"),
    "new.q.unit": ("id unit pemilik", "id of the owning unit"),
    "new.q.pelaksana": ("id pelaksana, urut kolom, dipisah koma",
                        "actor ids in column order, comma separated"),
    "new.q.keputusan": ("id keputusan yang akan memberlakukan (kosongkan bila belum ada)",
                        "id of the decree that will put it in force (blank if none yet)"),
    "new.choices": ("Pilihan:", "Choices:"),
    "new.blank": ("  Belum benar: jawaban ini wajib diisi", "  Not yet: this answer is required"),
    "new.retry": ("  Belum benar: {problem}", "  Not yet: {problem}"),
    "new.decree_hint": (
        "Catatan: keputusan '{decree}' belum mencantumkan '{id}' di lampiran-nya. Sebelum "
        "terbit, tambahkan '- {id}' di bawah lampiran: di {file}.",
        "Note: keputusan '{decree}' does not list '{id}' in its lampiran yet. Before "
        "publishing, add '- {id}' under lampiran: in {file}."),
    "new.id_taken": ("SOP '{id}' sudah ada ({path}); pilih id lain",
                     "SOP '{id}' already exists ({path}); choose another id"),
}


#: argparse's own words in Indonesian (English is argparse's own text).
ARGPARSE: dict[str, str] = {
    "usage: ": "pemakaian: ",
    "positional arguments": "argumen",
    "options": "opsi",
    "show this help message and exit": "tampilkan bantuan ini lalu keluar",
    "%(prog)s: error: %(message)s\n": "%(prog)s: kesalahan: %(message)s\n",
    "the following arguments are required: %s": "argumen berikut wajib diisi: %s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "pilihan %(value)r tidak dikenal (pilih salah satu dari: %(choices)s)",
    "unrecognized arguments: %s": "argumen tidak dikenal: %s",
    "argument %(argument_name)s: %(message)s": "argumen %(argument_name)s: %(message)s",
    "expected one argument": "perlu satu nilai",
    "expected at least one argument": "perlu paling sedikit satu nilai",
    "expected at most one argument": "paling banyak satu nilai",
    "invalid %(type)s value: %(value)r": "nilai %(value)r tidak sah (%(type)s)",
    "ambiguous option: %(option)s could match %(matches)s":
        "opsi %(option)s tidak jelas: dapat berarti %(matches)s",
    "one of the arguments %s is required": "salah satu argumen %s wajib diisi",
    "not allowed with argument %s": "tidak boleh bersama argumen %s",
    "ignored explicit argument %r": "nilai %r diabaikan",
}
