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


# A hand-written pool rather than concurrent.futures.ProcessPoolExecutor, which cannot keep the guarantees
# above: its workers share one result pipe, so a worker killed while sending its result leaves the executor's
# manager thread blocked on half a message and the interpreter hangs at exit (seen with the group-kill test of
# tests/test_build.py), and its workers block forever on the task queue when the parent is killed (-9).


class Pool:
    """Context: `map(work, tasks)` on `workers` processes: this one and `workers - 1` others, each with a pipe
    for its tasks and one for its results (no lock is shared, so a worker killed at any moment cannot hang the
    rest). This process takes a task whenever no worker's result is ready, and merges; what it makes itself is
    never sent between processes, which costs about as much as merging it."""

    def __init__(self, workers: int, prepare: Callable[[], object] | None = None) -> None:
        self.workers = workers
        self.prepare = (
            prepare  # run in each worker before its first task (here first, when workers are forked)
        )
        self.others: list[_Worker] = []

    def __enter__(self) -> Pool:  # noqa: PYI034
        if self.workers > 1:
            import multiprocessing

            method = start_method()
            if method == "fork" and self.prepare is not None:
                self.prepare()  # once here: forked workers share what it loads
            context = multiprocessing.get_context(method)
            for _ in range(self.workers - 1):
                self.others.append(_Worker(context, self.prepare))
        return self

    def map(self, work: Callable[[Any], object], tasks: list[Any]) -> Iterator[tuple[int, object]]:
        """(index, result) of each task as it is done: a few tasks in flight per worker, and this process takes
        the next task whenever none of theirs is ready (nor waits for one in particular)."""
        if not self.others:
            yield from enumerate(map(work, tasks))
            return
        taken = 0  # tasks given out so far, to a worker or to this process

        def outstanding() -> int:
            return sum(len(worker.queued) for worker in self.others)

        share = (
            len(self.others) / self.workers
        )  # of the tasks left, what the workers should hold (near the end)
        while taken < len(tasks) or outstanding():
            for worker in self.others:
                while (
                    taken < len(tasks)
                    and len(worker.queued) < IN_FLIGHT
                    and outstanding() < share * (len(tasks) - taken + outstanding())
                ):
                    worker.give(taken, work, tasks[taken])
                    taken += 1
            ready = [worker for worker in self.others if worker.queued and worker.results.poll()]
            if ready:
                for worker in ready:
                    yield worker.take()
            elif taken < len(tasks):
                yield taken, work(tasks[taken])
                taken += 1
            else:  # the last ones, all with the workers
                import multiprocessing.connection

                busy = {worker.results: worker for worker in self.others if worker.queued}
                for connection in multiprocessing.connection.wait(list(busy)):
                    yield busy[connection].take()

    def __exit__(self, *exc: object) -> None:
        for worker in self.others:  # finished or interrupted: either way no worker outlives the build
            worker.stop()


class _Worker:
    """Another process that does the tasks it is given, in order, and sends back what each gave."""

    def __init__(self, context: Any, prepare: Callable[[], object] | None) -> None:
        from collections import deque

        task_reader, self.tasks = context.Pipe(duplex=False)
        self.results, result_writer = context.Pipe(duplex=False)
        self.queued: deque[int] = deque()  # indexes of the tasks given and not yet taken back
        self.process = context.Process(
            target=_serve, args=(task_reader, result_writer, (self.tasks, self.results), prepare), daemon=True
        )
        with signals_held():
            self.process.start()
        task_reader.close()  # its ends are its own: the next worker must not hold them, nor this process
        result_writer.close()

    def give(self, index: int, work: Callable[[Any], object], task: Any) -> None:
        self.tasks.send((work, task))
        self.queued.append(index)

    def take(self) -> tuple[int, object]:
        """(index, result) of its oldest task; its error raised here."""
        try:
            done, value = self.results.recv()
        except EOFError:
            raise RuntimeError(
                f"a worker process ended without an answer (exit code {self.process.exitcode})"
            ) from None
        index = self.queued.popleft()
        if not done:
            raise value
        return index, value

    def stop(self) -> None:
        try:
            self.tasks.send(None)
        except OSError:
            pass
        self.process.join(timeout=1 if not self.queued else 0)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.tasks.close()
        self.results.close()


def answer(function: Callable, *args: object) -> tuple[bool, object]:
    """What a child sends back: (True, the function's value) or (False, the error it raised)."""
    try:
        return True, function(*args)
    except BaseException as exc:  # noqa: BLE001 - every error goes back to be raised in the parent
        return False, exc


def _serve(tasks: Any, results: Any, parent_ends: tuple, prepare: Callable[[], object] | None) -> None:
    """A worker's life: its signals, what every report needs loaded, then each task in turn; a thread sends
    the answers, so that the next task starts while the parent reads the last answer. It ends when its
    parent does (its task pipe closes: it holds no writing end of its own)."""
    import queue
    import threading

    child_signals()
    for end in parent_ends:
        end.close()
    if prepare is not None:
        prepare()
    answers: queue.Queue = queue.Queue()

    def send() -> None:
        while (answer := answers.get()) is not None:
            try:
                results.send(answer)
            except OSError:  # the parent is gone
                return

    sender = threading.Thread(target=send, daemon=True)
    sender.start()
    while True:
        try:
            given = tasks.recv()
        except EOFError:
            break
        if given is None:
            break
        answers.put(answer(*given))
    answers.put(None)
    sender.join()


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
            raise RuntimeError(
                f"the process computing {self.function.__name__} ended without an answer"
            ) from None
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
