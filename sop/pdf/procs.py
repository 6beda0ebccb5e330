"""The PDF build's child processes (workers and the forked helper): how they are started, and
that they end with the process that started them.

A worker blocked on its task queue would otherwise outlive a parent killed with SIGKILL for
good (it holds its own copy of the queue's pipe, so no end of file ever comes). On Linux each
child asks the kernel to kill it when its parent dies (prctl PR_SET_PDEATHSIG); elsewhere it
checks its parent at start. Children ignore SIGINT: Ctrl-C reaches the whole process group,
and the parent alone decides (it stops the build and waits for the running files).
"""

from __future__ import annotations

import concurrent.futures as cf
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable
from typing import TypeVar

from sop.errors import BuildError

T = TypeVar("T")
_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """In a child: end when `parent` ends; leave Ctrl-C to the parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # no prctl: the check below still holds at start
            pass
    if os.getppid() != parent:  # the parent died before the request above took effect
        os._exit(1)


def fork_is_safe() -> bool:
    """Only one thread runs, so a forked child cannot inherit a lock another thread holds."""
    return threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()


def mp_context() -> multiprocessing.context.BaseContext:
    """Fork when it is safe (one thread: cheap, no re-import of __main__), else spawn."""
    if fork_is_safe():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")  # threaded hosts such as `mkdocs serve`


def pool(jobs: int, context: multiprocessing.context.BaseContext) -> cf.ProcessPoolExecutor:
    """A process pool whose workers end with this process."""
    return cf.ProcessPoolExecutor(max_workers=jobs, mp_context=context,
                                  initializer=die_with_parent, initargs=(os.getpid(),))


def in_child(call: Callable[[], T]) -> Callable[[], T]:
    """Start `call` in a forked child, which inherits this process (nothing is pickled on the
    way in); the function returned waits for its result, or raises its error."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    parent = os.getpid()

    def child() -> None:
        die_with_parent(parent)
        try:
            answer: tuple[bool, object] = (True, call())
        except Exception as exc:
            answer = (False, exc)
        sender.send(answer)

    process = context.Process(target=child, name="sop-pdf-helper", daemon=True)
    process.start()
    sender.close()

    def result() -> T:
        with receiver:
            try:
                ok, value = receiver.recv()
            except EOFError:  # it died without a word
                ok, value = False, None
        process.join()
        if not ok:
            raise value or BuildError(f"the PDF helper process died (exit {process.exitcode})")
        return value

    return result
