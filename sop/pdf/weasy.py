"""WeasyPrint's classes, imported without its slow search for native libraries on Linux.

For each native library (GObject, Pango, HarfBuzz, fontconfig, …) WeasyPrint tries a list of
names, the Windows and macOS ones first and then the Linux soname, which dlopen finds by
itself. cffi hands every name that fails to ctypes.util.find_library, which on Linux runs
`ldconfig`, `gcc` and `ld` to look for it: about 0.3 s of every process that renders, spent
finding nothing. On Linux the import skips that search; should it fail, WeasyPrint is imported
again the usual way, so that its own message says what is missing.
"""

from __future__ import annotations

import ctypes.util
import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def _sonames_only() -> Iterator[None]:
    real = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        yield
    finally:
        ctypes.util.find_library = real


def _load() -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        with _sonames_only():
            import weasyprint  # noqa: F401
    except OSError:
        for name in [m for m in sys.modules if m.partition(".")[0] == "weasyprint"]:
            del sys.modules[name]


_load()

from weasyprint import CSS, HTML, URLFetcher  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402

__all__ = ["CSS", "HTML", "FontConfiguration", "URLFetcher"]
