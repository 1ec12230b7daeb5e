"""Process handling: SIGTERM as an exception in the main thread, and quiet signals while the interpreter exits.

A kill (SIGTERM) raises `Terminated` where the main thread is, so that pending writes are cleaned up the way
they are after Ctrl-C; `kg.files.atomic_write_all` holds both signals back while it renames.
"""

from __future__ import annotations

import signal


class Terminated(BaseException):
    """SIGTERM (kill), raised in the main thread so that pending writes are cleaned up."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


def raise_on_sigterm() -> None:
    """From now on, SIGTERM raises `Terminated` in the main thread."""
    signal.signal(signal.SIGTERM, _terminate)


def ignore_signals_at_exit() -> None:
    """Ignore Ctrl-C and kill from here on: once a command is finished, a signal during the interpreter's shutdown
    (which resets the handlers) must not turn its exit status into a death by signal."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
