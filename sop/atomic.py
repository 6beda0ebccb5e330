"""Atomic output: a build that fails, or is killed, leaves the previous output as it was; one
that succeeds replaces it whole. Two builds that share a cache exclude each other.

The new site is built in a staging folder beside the old one, `.site.new-<pid>-…`, and swapped
in with one rename (Linux: renameat2 RENAME_EXCHANGE, so the published folder never goes
missing, even for a moment). A build killed with SIGKILL cannot clean up: the next build
removes the staging folders of processes that are gone.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from sop.errors import BuildError

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


@contextlib.contextmanager
def replace_dir(target: Path) -> Iterator[Path]:
    """Yield a fresh folder beside `target`; on success swap it in, on failure remove it."""
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(target)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-{os.getpid()}-",
                                    dir=target.parent))
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    staging.chmod(0o755)
    if target.exists() and _exchange(staging, target):
        shutil.rmtree(staging, ignore_errors=True)  # it now holds the old site
        return
    old = target.parent / f".{target.name}.old-{os.getpid()}"
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def clean_stale(target: Path) -> None:
    """Remove the staging folders that builds of `target` left when they were killed; put
    back an old site that a killed build had moved aside (systems without an atomic swap)."""
    for path in sorted(target.parent.glob(f".{target.name}.old-*")):
        if not _alive(path.name.rsplit("-", 1)[-1]):
            if not target.exists():
                path.rename(target)
            else:
                shutil.rmtree(path, ignore_errors=True)
    for path in target.parent.glob(f".{target.name}.new-*"):
        if not _alive(path.name.removeprefix(f".{target.name}.new-").split("-", 1)[0]):
            shutil.rmtree(path, ignore_errors=True)


def _alive(pid_text: str) -> bool:
    """Whether the process that named a folder still runs (an unreadable name: no)."""
    if not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2); False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except AttributeError:
        return False
    done = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):  # no exchange on this system
        return False
    raise OSError(code, os.strerror(code), str(b))


@contextlib.contextmanager
def exclusive(lock_file: Path, what: str) -> Iterator[None]:
    """Hold `lock_file` for the duration, or raise BuildError naming the process that holds
    it. The kernel releases the lock when the holder ends, however it ends."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_file, "a+", encoding="ascii") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "?"
            raise BuildError(
                f"another sop build or serve (process {holder}) is using {what}; wait for it "
                "to finish, or stop it, then try again") from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def remove_temporaries(folder: Path) -> None:
    """Remove the half-written files (`.name.xxxx`, see write_bytes) that killed writers left
    in a folder only this process writes to now (hold `exclusive` first)."""
    if folder.is_dir():
        for path in folder.rglob(".*"):
            if path.is_file():
                path.unlink(missing_ok=True)


def write_bytes(path: Path, data: bytes) -> None:
    """Write a file so that readers see the old content or the new, never half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
