"""sop.pdf.weasy: WeasyPrint imported without its search for libraries under other systems'
names, and imported the usual way when that fails. Each case runs in a fresh interpreter, since
an import happens once per process."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import ROOT

COUNTED = """
import ctypes.util, sys
calls = []
real = ctypes.util.find_library
ctypes.util.find_library = lambda name: calls.append(name) or real(name)
counting = ctypes.util.find_library
from sop.pdf.weasy import HTML
"""


def _run(code: str, *path: Path) -> str:
    env_path = [str(p) for p in path] + [str(ROOT)]
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": ":".join(env_path), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_weasyprint_loads_without_searching_for_libraries() -> None:
    out = _run(
        COUNTED
        + """
print(len(calls), ctypes.util.find_library is counting, HTML.__module__)
"""
    )
    # no search ran, the real function is back afterwards, and the classes are WeasyPrint's
    assert out == "0 True weasyprint"


def test_rendering_works_after_the_fast_import() -> None:
    out = _run(
        """
from sop.pdf.weasy import HTML
pdf = HTML(string="<p>Standar Operasional Prosedur</p>").write_pdf()
print(pdf[:5].decode())
"""
    )
    assert out == "%PDF-"


def test_a_library_under_another_name_falls_back_to_the_usual_import(tmp_path: Path) -> None:
    """A WeasyPrint that cannot open a library by its soname alone (as on a system with the
    library under another name) is imported again with ctypes' search."""
    fake = tmp_path / "weasyprint"
    (fake / "text").mkdir(parents=True)
    (fake / "__init__.py").write_text(
        textwrap.dedent(
            """
            import ctypes.util
            if ctypes.util.find_library("pango-1.0") is None:
                raise OSError("cannot load library 'pango-1.0'")
            CSS = HTML = URLFetcher = object
            """
        )
    )
    (fake / "text" / "__init__.py").write_text("")
    (fake / "text" / "fonts.py").write_text("FontConfiguration = object\n")
    stub = tmp_path / "stub"
    stub.mkdir()
    # ctypes' own search finds the library here (as ldconfig would on that system)
    (stub / "sitecustomize.py").write_text(
        "import ctypes.util\nctypes.util.find_library = lambda name: 'libpango-1.0.so.0'\n"
    )
    out = _run(COUNTED + "\nprint(calls, HTML)\n", tmp_path, stub)
    assert out == "['pango-1.0'] <class 'object'>"
