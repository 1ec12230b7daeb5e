"""Process handling: signals, the process pool that extracts reports, and a forked child that computes
beside this process.

A kill (SIGTERM) raises `Terminated` where the main thread is, so that pending writes are cleaned up the way
they are after Ctrl-C; `kg.files.atomic_write_all` holds both signals back while it renames. Child processes
leave Ctrl-C to their parent and die at once on kill; whatever ends the parent's work (an error, Ctrl-C, a
kill) ends its children too, so none outlives a build.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Callable, Iterator
from typing import Any

IN_FLIGHT = 3  # tasks queued or done but not yet taken, per worker


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


# -- the pool ----------------------------------------------------------------------------------------

class Pool:
    """Context: `map(work, tasks)` on `workers` processes: this one and `workers - 1` of a
    `concurrent.futures.ProcessPoolExecutor`. This process takes a task whenever no worker's result is ready
    (what it makes itself is never sent between processes, which costs about as much as merging it).
    `prepare` runs in each worker before its first task (and once here first, when workers are forked, so
    that they share what it loads)."""

    def __init__(self, workers: int, prepare: Callable[[], object] | None = None) -> None:
        self.workers = workers
        self.prepare = prepare
        self.executor: Any = None

    def __enter__(self) -> Pool:  # noqa: PYI034
        if self.workers > 1:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            method = start_method()
            if method == "fork" and self.prepare is not None:
                self.prepare()
            self.executor = ProcessPoolExecutor(self.workers - 1, multiprocessing.get_context(method),
                                                initializer=_start_worker, initargs=(self.prepare,))
            self._submit(int)  # the workers start now
        return self

    def _submit(self, function: Callable, *args: object) -> Any:
        """Give a task to the workers; a worker it starts holds the signals until it has its own handlers."""
        with signals_held():
            return self.executor.submit(function, *args)

    def map(self, work: Callable[[Any], object], tasks: list) -> Iterator[tuple[int, object]]:
        """(index, result) of each task as it is done: a few tasks in flight per worker, and this process takes
        the next task whenever none of theirs is ready (nor waits for one in particular)."""
        if self.executor is None:
            yield from enumerate(map(work, tasks))
            return
        from concurrent.futures import FIRST_COMPLETED, wait

        others = self.workers - 1
        share = others / self.workers  # of the tasks left, what the workers should hold (near the end)
        pending: dict[Any, int] = {}  # future → index of its task
        taken = 0  # tasks given out so far, to a worker or to this process
        while taken < len(tasks) or pending:
            while taken < len(tasks) and len(pending) < IN_FLIGHT * others and \
                    len(pending) < share * (len(tasks) - taken + len(pending)):
                pending[self._submit(work, tasks[taken])] = taken
                taken += 1
            ready = [future for future in pending if future.done()]
            if not ready and taken < len(tasks):
                yield taken, work(tasks[taken])
                taken += 1
                continue
            if not ready:  # the last ones, all with the workers
                ready = list(wait(pending, return_when=FIRST_COMPLETED).done)
            for future in sorted(ready, key=pending.__getitem__):
                yield pending.pop(future), _result(future)

    def __exit__(self, failed: object, *exc: object) -> None:
        if self.executor is None:
            return
        if failed is None:
            self.executor.shutdown(wait=True)
            return
        # interrupted or failed: the workers' tasks are not needed, and no worker outlives the build
        workers = list((getattr(self.executor, "_processes", None) or {}).values())
        self.executor.shutdown(wait=False, cancel_futures=True)
        for process in workers:
            if process.is_alive():
                process.kill()
        for process in workers:
            process.join()
        self.executor.shutdown(wait=True)


def _result(future: Any) -> object:
    """The future's value; its error raised here (a worker that died gives one line, not the pool's error)."""
    from concurrent.futures.process import BrokenProcessPool

    try:
        return future.result()
    except BrokenProcessPool:
        raise RuntimeError("a worker process ended without an answer (it was killed or ran out of memory)") \
            from None


def _start_worker(prepare: Callable[[], object] | None) -> None:
    """A worker's start: its signals, then what every task needs loaded."""
    child_signals()
    if prepare is not None:
        prepare()


def answer(function: Callable, *args: object) -> tuple[bool, object]:
    """What a child sends back: (True, the function's value) or (False, the error it raised)."""
    try:
        return True, function(*args)
    except BaseException as exc:  # noqa: BLE001 - every error goes back to be raised in the parent
        return False, exc


class Background:
    """Context: `function(*args)` computed in a forked child while this process goes on (here if not `fork` or
    it cannot fork); `result()` gives its value or raises its error. The child sees this process's memory:
    nothing is sent to it, only its result back."""

    def __init__(self, function: Callable, *args: object, fork: bool = True) -> None:
        self.function, self.args, self.fork = function, args, fork
        self.process: Any = None
        self.receiver: Any = None

    def __enter__(self) -> Background:  # noqa: PYI034
        if self.fork and start_method() == "fork":
            import multiprocessing

            context = multiprocessing.get_context("fork")
            self.receiver, sender = context.Pipe(duplex=False)
            self.process = context.Process(target=self._send, args=(sender,), daemon=True)
            with signals_held():
                self.process.start()
            sender.close()
        return self

    def _send(self, sender) -> None:
        child_signals()
        sender.send(answer(self.function, *self.args))

    def result(self) -> object:
        if self.process is None:
            return self.function(*self.args)
        try:
            done, value = self.receiver.recv()
        except EOFError:
            raise RuntimeError(f"the process computing {self.function.__name__} ended without an answer") from None
        self.process.join()
        if not done:
            raise value
        return value

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            if self.process.is_alive():
                self.process.terminate()  # interrupted or failed here: the child's work is not needed
            self.process.join()
            self.receiver.close()


def start_method() -> str:
    """fork where there is one and this process runs a single thread (workers start at once, with what it has
    loaded); else spawn, as forking a threaded process (a notebook kernel) can deadlock the workers."""
    import multiprocessing
    import threading

    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return "fork"
    return "spawn"


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Hold Ctrl-C and kill back while processes start: a child begins with this process's handlers, which must
    not run there (a traceback from a half-started worker); it takes the signals once it has its own."""
    held = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def child_signals() -> None:
    """In a child process: leave Ctrl-C to the parent, end at once on kill, then take the signals held back."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
