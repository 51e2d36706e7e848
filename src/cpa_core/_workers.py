"""Worker processes fed over pipes by the caller's own thread, for ``--jobs``.

``concurrent.futures.ProcessPoolExecutor`` passes work and results through two helper
threads of the calling process. When the caller checks records as well (with as many
processes as cores, a caller that only waited would leave a core to little use), those
threads wait for the interpreter lock while it works, and the workers run dry: measured
with 300,000 care episodes, that cost more than the caller's own checking gained. Here
the caller sends and collects between its own pieces of work, and each worker sends its
results from a thread of its own, so that it goes on working while the caller is busy
rather than wait for it to read.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.connection
import multiprocessing.context
import pickle
import sys
import threading
import traceback
from collections import deque
from collections.abc import Callable, Generator, Iterable
from multiprocessing.connection import Connection
from types import TracebackType
from typing import Any, Generic, TypeVar

from cpa_core.exceptions import CpaCoreError

__all__ = ["IN_HAND", "Outcome", "RemoteTraceback", "Worker", "Workers", "ordered"]

R = TypeVar("R")
T = TypeVar("T")

IN_HAND = 2
"""Tasks each worker holds before :func:`ordered` works the next one in this process."""

# On Linux a worker is a copy of the caller (fork, whatever the default of the Python in
# use): it has the kinds a Trust registered at run time and the readers built before it
# started. Elsewhere the platform's default starts a fresh interpreter, which imports the
# built-in kinds and builds its own readers.
_CONTEXT: multiprocessing.context.ForkContext | multiprocessing.context.DefaultContext = (
    multiprocessing.get_context("fork")
    if sys.platform.startswith("linux")
    else multiprocessing.get_context()
)

_STOP_SECONDS = 10.0
"""How long a worker that was told to stop may take before it is ended."""


def _serve(connection: Connection, work: Callable[..., Any], inherited: list[Connection]) -> None:
    """A worker's loop: ``work(*task)`` for each task received, the results sent back in
    the order the tasks came, until it receives ``None`` or the caller is gone.

    ``inherited`` are the caller's ends of the pipes (its own and earlier workers'), which
    a forked worker holds copies of: closed here, so that a caller that closes its end is
    seen to have gone.
    """
    for end in inherited:
        end.close()
    try:
        _answer_each(connection, work)
    except (EOFError, OSError, KeyboardInterrupt):
        # The caller has gone, or the terminal's interrupt reached every process: the
        # caller reports what it must, and a worker has nothing to add.
        return
    finally:
        connection.close()


def _answer_each(connection: Connection, work: Callable[..., Any]) -> None:
    parent = multiprocessing.parent_process()
    watched: list[Any] = [connection] if parent is None else [connection, parent.sentinel]
    sending: threading.Thread | None = None
    while True:
        # A caller killed outright closes nothing in time: its sentinel says it has gone.
        if connection not in multiprocessing.connection.wait(watched):
            return
        task = connection.recv()
        if task is None:
            break
        try:
            answer: tuple[bool, Any] = (True, work(*task))
        except Exception as exc:  # raised again in the caller, with where it was raised
            answer = (False, (exc, traceback.format_exc()))
        try:
            payload = pickle.dumps(answer, pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # an exception that cannot cross must still be reported
            what = type(answer[1][0] if not answer[0] else exc).__name__
            failure = CpaCoreError(f"a worker's result could not be sent back ({what})")
            payload = pickle.dumps((False, (failure, "")), pickle.HIGHEST_PROTOCOL)
        if sending is not None:
            sending.join()
        sending = threading.Thread(target=_send, args=(connection, payload), daemon=True)
        sending.start()
    if sending is not None:
        sending.join()


def _send(connection: Connection, payload: bytes) -> None:
    # If the caller has gone, the worker's next read finds that out and ends.
    with contextlib.suppress(OSError):
        connection.send_bytes(payload)


Outcome = Callable[[bool, Any], None]
"""What receives a task's outcome: ``(True, result)``, or ``(False, exception)``."""


class RemoteTraceback(Exception):  # noqa: N818 - it is the traceback, as Python's own pool has it
    """The traceback of an exception a task raised in a worker, as its cause."""

    def __str__(self) -> str:
        return str(self.args[0])


def _outcome(payload: bytes) -> tuple[bool, Any]:
    """A worker's answer read back: ``(True, result)`` or ``(False, exception)``."""
    try:
        ok, value = pickle.loads(payload)
    except Exception as exc:  # an exception that cannot be made again here, say
        what = type(exc).__name__
        return False, CpaCoreError(f"a worker's result could not be read back ({what})")
    if not ok:
        value, where = value
        value.__cause__ = RemoteTraceback(where)
    return ok, value


class Worker(Generic[R]):
    """One worker process; its results come back in the order its tasks were sent."""

    def __init__(self, work: Callable[..., R], others: list[Worker[R]] | None = None) -> None:
        self._connection, theirs = _CONTEXT.Pipe()
        inherited = [self._connection, *(other._connection for other in others or ())]
        self._process = _CONTEXT.Process(target=_serve, args=(theirs, work, inherited), daemon=True)
        self._process.start()
        theirs.close()
        self._waiting: deque[Outcome] = deque()
        self._failure: CpaCoreError | None = None

    @property
    def pending(self) -> int:
        """Tasks sent whose outcomes have not been collected."""
        return len(self._waiting)

    def send(self, task: tuple[Any, ...], then: Outcome) -> None:
        """Send ``task``; ``then`` receives its outcome when :meth:`collect` reads it."""
        if self._failure is None:
            try:
                self._connection.send(task)
            except OSError:
                self._stopped()
        if self._failure is not None:
            then(False, self._failure)
            return
        self._waiting.append(then)

    def collect(self, *, wait: bool = False) -> None:
        """Hand each outcome that has arrived to its ``then``; with ``wait``, first wait
        for one if none has. If the process has stopped, each task it owed fails with a
        :class:`~cpa_core.exceptions.CpaCoreError`."""
        while self._waiting and (wait or self._connection.poll()):
            if wait and not self._connection.poll():
                # Its sentinel as well as its pipe: another process forked meanwhile may
                # hold the pipe's far end open after the worker has died.
                watched: list[Any] = [self._connection, self._process.sentinel]
                ready = multiprocessing.connection.wait(watched)
                if self._connection not in ready:
                    self._stopped()
                    return
            wait = False
            try:
                payload = self._connection.recv_bytes()
            except (EOFError, OSError):
                self._stopped()
                return
            self._waiting.popleft()(*_outcome(payload))

    def _stopped(self) -> None:
        self._process.join(_STOP_SECONDS)
        code = self._process.exitcode
        self._failure = CpaCoreError(f"a worker process stopped early (exit code {code})")
        while self._waiting:
            self._waiting.popleft()(False, self._failure)

    def stop(self) -> None:
        """End the process: at once if outcomes are still owed, else when it has finished."""
        try:
            if not self._waiting and self._failure is None:
                self._connection.send(None)
                self._process.join(_STOP_SECONDS)
        except OSError:
            pass  # it has gone already
        finally:
            if self._process.is_alive():
                self._process.terminate()
                self._process.join()
            self._waiting.clear()  # each holds a task that holds this worker
            self._connection.close()
            self._process.close()


class Workers(Generic[R]):
    """``count`` workers running the same ``work``; stopped when the ``with`` block ends."""

    def __init__(self, work: Callable[..., R], count: int) -> None:
        self._workers: list[Worker[R]] = []
        try:
            for _ in range(count):
                self._workers.append(Worker(work, self._workers))
        except BaseException:
            self.close()
            raise

    def least_busy(self) -> Worker[R] | None:
        """The worker with the fewest results owed, once the arrived ones are collected;
        ``None`` if there are no workers."""
        for worker in self._workers:
            worker.collect()
        return min(self._workers, key=lambda worker: worker.pending, default=None)

    def close(self) -> None:
        for worker in self._workers:
            worker.stop()

    def __enter__(self) -> Workers[R]:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class _Task(Generic[T, R]):
    """A task in :func:`ordered`'s window: its tag, and its outcome once there is one."""

    __slots__ = ("done", "ok", "tag", "value", "worker")

    def __init__(self, tag: T) -> None:
        self.tag = tag
        self.done = self.ok = False
        self.value: Any = None
        self.worker: Worker[R] | None = None

    def settle(self, ok: bool, value: Any) -> None:
        self.ok, self.value, self.done = ok, value, True

    def result(self) -> tuple[T, R]:
        """The tag and the result, once the worker has sent it; what the task raised is
        raised here, in the task's turn, after the results of the tasks before it."""
        while not self.done:
            assert self.worker is not None  # a task not done here was sent
            self.worker.collect(wait=True)
        if not self.ok:
            raise self.value
        return self.tag, self.value


def ordered(
    work: Callable[..., R], tasks: Iterable[tuple[T, tuple[Any, ...]]], jobs: int
) -> Generator[tuple[T, R], None, None]:
    """``(tag, work(*args))`` for each ``(tag, args)`` of ``tasks``, in their order, worked
    by this process and ``jobs - 1`` worker processes.

    This process works a task itself whenever every worker has :data:`IN_HAND` in hand:
    with as many processes as cores, a caller that mostly waited would share a core with a
    worker, and what it works itself never crosses between processes. Only the tags and
    results of a bounded window of tasks are held, however slow a worker is. If reading
    ``tasks`` fails, the results of the tasks read before are handed on first.
    """
    window: deque[_Task[T, R]] = deque()
    pending = iter(tasks)
    with Workers(work, jobs - 1) as workers:
        while True:
            try:
                tag, args = next(pending)
            except StopIteration:
                break
            except Exception:
                while window:
                    yield window.popleft().result()
                raise
            task: _Task[T, R] = _Task(tag)
            window.append(task)
            worker = workers.least_busy()
            if worker is not None and worker.pending < IN_HAND:
                task.worker = worker
                worker.send(args, task.settle)
            else:
                try:
                    task.settle(True, work(*args))
                except Exception as exc:  # raised in its turn, as a worker's would be
                    task.settle(False, exc)
            while window and (window[0].done or len(window) > 2 * jobs * IN_HAND):
                yield window.popleft().result()
        while window:
            yield window.popleft().result()
