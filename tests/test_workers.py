"""Worker processes for ``--jobs``: results in order, failures raised, nothing left running."""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import pickle
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import attrs
import pytest

from cpa_core import _workers
from cpa_core.exceptions import CpaCoreError
from cpa_core.findings import Finding, Severity
from cpa_core.provenance import Source


def where_and_square(number: int, pause: float = 0.0) -> tuple[int, int]:
    time.sleep(pause)
    return os.getpid(), number * number


def refuse(number: int) -> int:
    if number == 3:
        raise ValueError(f"task {number} refused")
    return number


class UnpicklableError(Exception):
    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("cannot cross")


def refuse_unpicklably(number: int) -> int:
    if number == 2:
        raise UnpicklableError
    return number


class TwoPartError(Exception):
    def __init__(self, first: str, second: str) -> None:
        super().__init__(f"{first} {second}")  # pickles, but cannot be made again from that


def refuse_in_two_parts(number: int) -> int:
    if number == 2:
        raise TwoPartError("task", "refused")
    return number


def stop_dead(number: int) -> int:
    if number == 2:
        os.kill(os.getpid(), signal.SIGKILL)
    return number


def no_children_left() -> bool:
    return not multiprocessing.active_children()


@pytest.mark.parametrize("jobs", [2, 3])
def test_results_come_in_task_order_from_every_process(jobs: int) -> None:
    # Tasks that take a while, so that the workers have their hands full and this process
    # works some tasks itself.
    tasks = [(n, (n, 0.01)) for n in range(40)]
    results = list(_workers.ordered(where_and_square, tasks, jobs))
    assert [(tag, square) for tag, (_, square) in results] == [(n, n * n) for n in range(40)]
    pids = {pid for _, (pid, _) in results}
    assert os.getpid() in pids
    assert len(pids) == jobs
    assert no_children_left()


def test_one_job_works_every_task_here() -> None:
    tasks = [(n, (n,)) for n in range(5)]
    results = list(_workers.ordered(where_and_square, tasks, 1))
    assert results == [(n, (os.getpid(), n * n)) for n in range(5)]
    assert no_children_left()


def test_a_workers_exception_is_raised_here_and_the_workers_end() -> None:
    tasks = [(n, (n,)) for n in range(1, 8)]
    results = _workers.ordered(refuse, tasks, 2)
    seen: list[int] = []
    with pytest.raises(ValueError, match="task 3 refused"):
        seen.extend(value for _, value in results)
    assert seen == [1, 2]
    assert no_children_left()


def test_an_exception_that_cannot_cross_is_named() -> None:
    # Task 2 goes to the worker (it has room for two tasks before this process takes any).
    tasks = [(n, (n,)) for n in range(1, 4)]
    with pytest.raises(CpaCoreError, match=r"could not be sent back \(UnpicklableError\)"):
        list(_workers.ordered(refuse_unpicklably, tasks, 2))
    assert no_children_left()


def test_a_worker_that_dies_is_an_error_not_a_hang() -> None:
    tasks = [(n, (n,)) for n in range(1, 4)]
    with pytest.raises(CpaCoreError, match="stopped early"):
        list(_workers.ordered(stop_dead, tasks, 2))
    assert no_children_left()


def test_a_worker_whose_caller_has_gone_ends_quietly(capfd: pytest.CaptureFixture[str]) -> None:
    worker = _workers.Worker(where_and_square)
    worker._connection.close()  # as if the caller had died
    worker._process.join(10)
    assert worker._process.exitcode == 0
    assert capfd.readouterr().err == ""


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_a_worker_whose_caller_is_killed_ends() -> None:
    # Killed outright, the caller closes nothing; its workers must not wait for it forever.
    script = (
        "import os, signal, sys\n"
        "from cpa_core import _workers\n"
        "workers = _workers.Workers(abs, 2)\n"
        "print(*(w._process.pid for w in workers._workers), flush=True)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], check=False, capture_output=True, text=True
    )
    pids = [int(pid) for pid in done.stdout.split()]
    assert len(pids) == 2
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not all(map(ended, pids)):
        time.sleep(0.05)
    assert all(map(ended, pids))


def ended(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return True
    return state in {"Z", "X"}  # gone, or waiting only to be reaped


def test_when_reading_tasks_fails_the_results_before_come_first() -> None:
    def tasks() -> Iterator[tuple[int, tuple[int, float]]]:
        for n in range(5):
            yield n, (n, 0.01)
        raise OSError("the input broke")

    results = _workers.ordered(where_and_square, tasks(), 2)
    seen: list[int] = []
    with pytest.raises(OSError, match="the input broke"):
        seen.extend(tag for tag, _ in results)
    assert seen == [0, 1, 2, 3, 4]
    assert no_children_left()


def test_a_slow_worker_does_not_let_tasks_pile_up() -> None:
    # The worker sleeps on its tasks; this process works the rest at once. Results wait for
    # the worker's, so without a bound this process would read every task ahead.
    read = 0

    def tasks() -> Iterator[tuple[int, tuple[int, float]]]:
        nonlocal read
        for n in range(200):
            read = n + 1
            yield n, (n, 0.2 if n < 2 else 0.0)

    results = _workers.ordered(where_and_square, tasks(), 2)
    first, _ = next(results)
    assert first == 0
    assert read <= 2 * 2 * _workers.IN_HAND + 1
    results.close()  # a consumer that stops early ends the workers
    assert no_children_left()


def test_findings_cross_between_processes_unchanged() -> None:
    source = Source(title="Mental Health Act 1983", publisher="legislation.gov.uk", locator="s 2")
    findings = [
        Finding("CARE-REVIEW-OVERDUE", Severity.WARNING, "review overdue"),
        Finding(
            "MHA-S2-EXPIRED",
            Severity.ERROR,
            "NHS number 9434765919 on the record",
            path="$.detentions[0]",
            subject_id="9434765919",
            due=date(2026, 1, 2),
            source=source,
        ),
    ]
    back = pickle.loads(pickle.dumps(findings, pickle.HIGHEST_PROTOCOL))
    assert back == findings
    assert all(type(f) is Finding for f in back)
    assert "9434765919" not in back[1].message + str(back[1].subject_id)
    assert hash(back[1]) == hash(findings[1])
    with pytest.raises(AttributeError):
        back[0].code = "X"


def test_an_exception_that_cannot_be_read_back_is_named_in_its_turn() -> None:
    tasks = [(n, (n,)) for n in range(1, 4)]
    results = _workers.ordered(refuse_in_two_parts, tasks, 2)
    seen: list[int] = []
    with pytest.raises(CpaCoreError, match=r"could not be read back \(TypeError\)"):
        seen.extend(value for _, value in results)
    assert seen == [1]
    assert no_children_left()


def test_a_workers_exception_carries_where_it_was_raised() -> None:
    tasks = [(n, (n,)) for n in range(1, 4)]
    with pytest.raises(ValueError, match="task 3 refused") as raised:
        # Task 3 goes to a worker when the caller has no room: give it one with jobs 3.
        list(_workers.ordered(refuse, tasks, 3))
    cause = raised.value.__cause__
    assert isinstance(cause, _workers.RemoteTraceback)
    assert "in refuse" in str(cause)


def test_a_dead_worker_is_found_even_when_its_pipe_stays_open(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Another process forked at the wrong moment can hold the far end of a worker's pipe
    # open; kept open here, the pipe never ends, and only the process's sentinel tells.
    held: list[multiprocessing.connection.Connection] = []

    def keep(connection: multiprocessing.connection.Connection) -> None:
        held.append(connection)

    with monkeypatch.context() as patch:
        patch.setattr(multiprocessing.connection.Connection, "close", keep)
        worker: _workers.Worker[int] = _workers.Worker(stop_dead)
    assert held  # the caller's copy of the worker's end, kept open
    outcomes: list[tuple[bool, object]] = []
    worker.send((2,), lambda ok, value: outcomes.append((ok, value)))

    def hung(*_: object) -> None:
        # Not an OSError (as TimeoutError is), which collect would take for a closed pipe.
        raise AssertionError("collect waited on a dead worker")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(30)  # a hang fails the test rather than the run
    try:
        worker.collect(wait=True)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert outcomes[0][0] is False
    assert isinstance(outcomes[0][1], CpaCoreError)
    worker.stop()
    assert no_children_left()


def test_a_worker_stopped_with_outcomes_owed_lets_them_go() -> None:
    worker: _workers.Worker[tuple[int, int]] = _workers.Worker(where_and_square)
    worker.send((1, 5.0), lambda ok, value: None)
    worker.stop()
    assert worker.pending == 0
    assert no_children_left()


@attrs.frozen
class NotedFinding(Finding):
    note: str = ""


def test_a_subclass_of_finding_pickles_with_its_own_fields() -> None:
    finding = NotedFinding("CARE-REVIEW-OVERDUE", Severity.WARNING, "review overdue", note="n")
    back = pickle.loads(pickle.dumps(finding, pickle.HIGHEST_PROTOCOL))
    assert type(back) is NotedFinding
    assert back == finding
