"""Atomic file writes: a temporary file beside the target, then a rename, so no reader sees half a file.

`atomic_write_all` stages every file first and renames them together with SIGINT/SIGTERM held back, so
an interrupted build leaves either all the old files or all the new ones (SIGKILL can only leave
`.NAME.*.tmp` files beside the old ones).
"""

from __future__ import annotations

import contextlib
import os
import signal
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

Data = bytes | str | Iterable[str]  # a file's content, or its text in pieces


def atomic_write(path: str | Path, data: Data) -> Path:
    """Write `data` to `path` atomically (creating parent folders)."""
    return atomic_write_all({Path(path): data})[0]


def atomic_write_all(files: dict[Path, Data | Callable[[], Data]]) -> list[Path]:
    """Write several files so that either all are replaced or (on an error before the renames) none. Data may
    be a function, called when its file's turn comes (what is computed meanwhile elsewhere goes last)."""
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in files.items():
            data = data() if callable(data) else data
            path = Path(path)
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            staged.append((tmp, path))
            with os.fdopen(fd, "wb") as handle:
                if isinstance(data, bytes | str):
                    handle.write(data.encode("utf-8") if isinstance(data, str) else data)
                else:
                    for piece in data:
                        handle.write(piece.encode("utf-8"))
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o644)
        with _signals_held():
            for tmp, path in staged:
                os.replace(tmp, path)
    except BaseException:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
        raise
    return [path for _, path in staged]


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Defer SIGINT and SIGTERM while the renames run, then deliver them (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    held = [signal.SIGINT, signal.SIGTERM]
    previous = {
        signum: signal.signal(signum, lambda signum, _frame: received.append(signum)) for signum in held
    }
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
        for number in received:
            os.kill(os.getpid(), number)
