"""A query under a time limit: it runs in a forked child process, killed when the limit passes (pyoxigraph has no
cancellation, and a thread cannot be stopped)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any

from kg.errors import KGError, QueryError


def run_with_timeout(run: Callable[[], Any], timeout: float) -> Any:
    """Run `run()` in a forked child and return its result; kill the child and raise QueryError after `timeout` s."""
    import pickle
    import select
    import signal
    import warnings

    if not hasattr(os, "fork"):  # no fork (Windows): run here, unguarded
        return run()
    reader, writer = os.pipe()
    with (
        warnings.catch_warnings()
    ):  # Python 3.12+ warns on fork with threads (Jupyter's); the child uses none
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if (
        pid == 0
    ):  # the child: answer through the pipe, then leave at once (no atexit, no cleanup of the parent's)
        os.close(reader)
        _child(run, writer)
    os.close(writer)
    chunks, deadline, finished = [], time.monotonic() + timeout, False
    try:
        while not finished:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([reader], [], [], left)[0]:
                raise QueryError(
                    f"the query ran longer than {timeout:g} s and was stopped; make it more specific "
                    "(LIMIT, fewer unbound patterns) or allow more time with --timeout"
                )
            chunk = os.read(reader, 1 << 20)
            chunks.append(chunk)
            finished = not chunk
    finally:
        os.close(reader)
        if not finished:
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    try:
        outcome, payload = pickle.loads(b"".join(chunks))
    except (EOFError, pickle.UnpicklingError):
        raise QueryError(
            f"the query process ended without an answer (status {status}); "
            "try it with --timeout 0 to run it in this process"
        ) from None
    if outcome == "error":
        raise QueryError(payload)
    return payload


def _child(run: Callable[[], Any], writer: int) -> None:
    """In the forked child: run the query, write ("ok", result) or ("error", message) pickled, and exit."""
    import gc
    import pickle

    gc.disable()  # the child is short-lived; a collection would copy the parent's pages for nothing
    code = 0
    try:
        try:
            answer = ("ok", run())
        except KGError as exc:
            answer = ("error", str(exc))
        except BaseException as exc:  # noqa: BLE001 - anything else reaches the parent as one line
            answer = ("error", f"SPARQL query failed: {exc.__class__.__name__}: {exc}")
        with os.fdopen(writer, "wb") as pipe:
            pipe.write(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
    except BaseException:  # noqa: BLE001 - the parent reports a child that died without an answer
        code = 1
    finally:
        os._exit(code)
