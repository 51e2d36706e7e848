"""The files a run reads and writes, and the promises made about them.

Inputs: a path or ``-`` for standard input; gzip is read transparently (recognised by its
first bytes, not its name); a FIFO is read as it is written; a UTF-8 byte order mark at the
start is dropped; a file with a NUL byte in its first 8 KiB is binary and refused.

Outputs: an output is never one of the inputs (nor a link to one), which is checked before
anything is opened for writing; every output is written to a temporary file beside it and
renamed into place only when the run finishes, so a run that fails leaves no partial file.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import os
import select
import stat
import sys
import tempfile
import zlib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import BinaryIO

from cpa_core.exceptions import CpaCoreError

__all__ = [
    "BOM",
    "FIFO_WAIT_SECONDS",
    "STDIN",
    "InputError",
    "OutputSet",
    "display_name",
    "open_input",
    "refuse_clashes",
]

STDIN = "-"
"""The name that means standard input."""

BOM = b"\xef\xbb\xbf"
"""The UTF-8 byte order mark, which some Windows tools write at the start of a text file."""

FIFO_WAIT_SECONDS = 60.0
"""How long a FIFO is waited on for its first bytes before the run gives up (exit 2)."""

_GZIP = b"\x1f\x8b"
_SNIFF = 8192


class InputError(CpaCoreError):
    """A file cannot be read as input at all (unreadable, binary, not in its format's shape)."""


def display_name(path: str | Path) -> str:
    """How an input is named in messages: as given, ``<stdin>`` for standard input."""
    return "<stdin>" if str(path) == STDIN else str(path)


_Source = io.RawIOBase | io.BufferedIOBase | BinaryIO


class _Reader(io.RawIOBase):
    """Gives back bytes already read (``head``), then reads on from ``source``, turning its
    errors (corrupt gzip, a failing device) into one :class:`InputError`."""

    def __init__(self, source: _Source, name: str, head: bytes = b"") -> None:
        self._source = source
        self._name = name
        self._head = head

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        if self._head:
            chunk, self._head = self._head[: len(buffer)], self._head[len(buffer) :]
        else:
            try:
                chunk = self._source.read(len(buffer))
            except (EOFError, gzip.BadGzipFile, zlib.error):
                raise InputError(f"{self._name}: corrupt or truncated gzip data") from None
            except OSError as exc:
                reason = exc.strerror or "I/O error"
                raise InputError(f"{self._name}: cannot read ({reason})") from None
        buffer[: len(chunk)] = chunk
        return len(chunk)


def _read_at_least(stream: _Source, size: int) -> bytes:
    parts: list[bytes] = []
    got = 0
    while got < size:
        chunk = stream.read(size - got)
        if not chunk:
            break
        parts.append(chunk)
        got += len(chunk)
    return b"".join(parts)


def _open_fifo(path: Path, name: str) -> io.FileIO:
    # Opening a FIFO for reading blocks until a writer opens it, possibly for ever. Opened
    # without blocking, poll() tells when a writer has written or closed it; a FIFO that no
    # writer opens within FIFO_WAIT_SECONDS is an input error, not a hang.
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    poller = select.poll()
    poller.register(descriptor, select.POLLIN | select.POLLHUP)
    if not poller.poll(FIFO_WAIT_SECONDS * 1000):
        os.close(descriptor)
        raise InputError(f"{name}: nothing wrote to the FIFO within {FIFO_WAIT_SECONDS:g} s")
    os.set_blocking(descriptor, True)
    return open(descriptor, "rb", buffering=0)


def _open_raw(path: str | Path, name: str) -> io.FileIO:
    if str(path) == STDIN:
        return open(sys.stdin.fileno(), "rb", buffering=0, closefd=False)
    path = Path(path)
    try:
        if stat.S_ISFIFO(path.stat().st_mode):
            return _open_fifo(path, name)
        return path.open("rb", buffering=0)
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror or 'I/O error'})") from None


@contextlib.contextmanager
def open_input(path: str | Path) -> Iterator[BinaryIO]:
    """The bytes of an input, decompressed, without a byte order mark, checked for binary.

    Raises:
        InputError: The input cannot be opened or read, is corrupt gzip, or is binary.
    """
    name = display_name(path)
    with contextlib.ExitStack() as opened:
        source = opened.enter_context(_open_raw(path, name))
        # A regular file is read again from its start after the sniff, through the same
        # buffered reader `open` gives; a pipe, or a gzip stream, replays the sniffed bytes.
        rewind = source.seekable()
        raw = _Reader(source, name)
        head = _read_at_least(raw, len(_GZIP))
        if head == _GZIP:
            if rewind:
                source.seek(0)
            packed = source if rewind else io.BufferedReader(_Reader(raw, name, head))
            unpacked = opened.enter_context(gzip.GzipFile(fileobj=packed, mode="rb"))
            raw, head, rewind = _Reader(unpacked, name), b"", False
        head += _read_at_least(raw, _SNIFF - len(head))
        skip = len(BOM) if head.startswith(BOM) else 0
        if b"\x00" in head:
            raise InputError(f"{name}: binary data, not a text file")
        if rewind:
            source.seek(skip)
            reader: BinaryIO = io.BufferedReader(source, buffer_size=65536)
        else:
            reader = io.BufferedReader(_Reader(raw, name, head[skip:]), buffer_size=65536)
        yield reader


def _identity(path: str | Path) -> tuple[int, int] | None:
    try:
        info = os.fstat(sys.stdin.fileno()) if str(path) == STDIN else os.stat(path)
    except (OSError, ValueError):
        return None
    return (info.st_dev, info.st_ino)


def refuse_clashes(inputs: Iterable[str | Path], outputs: Mapping[str, str | Path]) -> None:
    """Refuse outputs that are, or link to, an input or another output.

    Args:
        inputs: The input paths (``-`` for standard input).
        outputs: Each output by the option that names it (``--rejects``).

    Raises:
        InputError: Naming the option and the input it would overwrite.
    """
    seen: dict[tuple[int, int] | str, str] = {}
    for source in inputs:
        identity = _identity(source)
        if identity is not None:
            seen.setdefault(identity, f"the input {display_name(source)}")
    for option, target in outputs.items():
        key: tuple[int, int] | str = _identity(target) or os.path.abspath(target)
        if key in seen:
            raise InputError(f"{option} {target}: is {seen[key]}; refusing to write over it")
        seen[key] = f"the output of {option}"


class OutputSet:
    """Outputs written beside their targets and renamed into place together at the end.

    Use as a context manager: leaving it normally renames every file into place; leaving it
    with an exception removes them all, so a failed run leaves no partial output.
    """

    def __init__(self) -> None:
        self._pending: list[tuple[BinaryIO, Path, Path]] = []

    def open(self, target: str | Path) -> BinaryIO:
        """A new binary stream that becomes ``target`` when the set is committed."""
        target = Path(target)
        descriptor, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".partial", dir=target.parent or Path(".")
        )
        os.chmod(temporary, _mode_for(target))
        stream = open(descriptor, "wb")  # noqa: SIM115 - closed on commit or discard
        self._pending.append((stream, Path(temporary), target))
        return stream

    def commit(self) -> None:
        """Close every output and rename it into place."""
        for stream, temporary, target in self._pending:
            stream.close()
            os.replace(temporary, target)
        self._pending.clear()

    def discard(self) -> None:
        """Close and delete every output not yet committed."""
        for stream, temporary, _ in self._pending:
            stream.close()
            with contextlib.suppress(OSError):
                temporary.unlink()
        self._pending.clear()

    def __enter__(self) -> OutputSet:
        return self

    def __exit__(self, kind: object, *_: object) -> None:
        if kind is None:
            self.commit()
        else:
            self.discard()


def _mode_for(target: Path) -> int:
    # A replaced file keeps its permissions; a new one gets what open() would have given it.
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask
