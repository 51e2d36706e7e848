"""The exceptions cpa_core raises.

Every exception is a :class:`CpaCoreError`, itself a :class:`ValueError`, so callers that
already catch ``ValueError`` around parsing keep working. The tree is shallow on purpose:
catch :class:`CpaCoreError` for "cpa_core refused this input", or one subclass for a
specific reaction.

No message built here contains an input value: a path names *where* the problem is and the
text says *what* rule it breaks, so an NHS number or a free-text note never reaches a log.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import attrs

__all__ = [
    "CpaCoreError",
    "IllegalTransitionError",
    "InvalidIdentifierError",
    "InvalidRecordError",
    "PolicyError",
    "Problem",
    "UnknownCodeError",
    "code_shaped",
    "printable_code",
]


class CpaCoreError(ValueError):
    """Base class of every error cpa_core raises on purpose."""


@attrs.frozen
class Problem:
    """One thing wrong with one input, located by its JSON path.

    Attributes:
        path: Where the problem is, as a JSON path from the record root: ``$``,
            ``$.reviews[2].date``.
        message: What rule the value breaks. Never contains the value itself.
    """

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class InvalidRecordError(CpaCoreError):
    """A record could not be turned into a model; carries *every* problem found.

    Attributes:
        problems: Each problem with its JSON path, in the order found.
        kind: The record kind being read, when known.
    """

    def __init__(self, problems: Iterable[Problem], *, kind: str | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.kind = kind
        what = f"invalid {kind} record" if kind else "invalid record"
        count = len(self.problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{what}: {count} {noun}\n{lines}")


# What a code or an identifier looks like (``s136``, ``care-episode``, ``EP-0001``): short,
# no spaces, and no run of ten digits, which could be an NHS number.
_CODE_SHAPED = re.compile(r"(?![\s\S]*[0-9]{10})[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}")


def code_shaped(value: object) -> bool:
    """Whether ``value`` is text that looks like a code or a record identifier.

    Only such text is ever repeated in a message: a value supplied by a caller may be
    anything (an NHS number typed as a record kind, a name).
    """
    return isinstance(value, str) and _CODE_SHAPED.fullmatch(value) is not None


def printable_code(key: object) -> str:
    """``key`` quoted for a message when it looks like a code, else a placeholder."""
    text = getattr(key, "value", key)  # an enum member reads as its code
    if isinstance(text, int) and not isinstance(text, bool) and abs(text) < 10**9:
        return str(text)
    return repr(text) if code_shaped(text) else "a value that is not a code"


class UnknownCodeError(CpaCoreError, LookupError):
    """A code was looked up in a rule table that has no row for it on that date.

    Attributes:
        table: The name of the rule table.
        key: The code that was asked for. The message repeats it only when it looks like a
            code (:func:`printable_code`).
    """

    def __init__(self, table: str, key: object, *, detail: str = "") -> None:
        self.table = table
        self.key = key
        suffix = f" ({detail})" if detail else ""
        super().__init__(f"{table}: no rule for {printable_code(key)}{suffix}")


class PolicyError(CpaCoreError):
    """A Trust policy file or value is unreadable, unknown or breaks a national floor.

    Attributes:
        problems: Each problem with its JSON path, when the content was invalid.
    """

    def __init__(self, message: str, problems: Iterable[Problem] = ()) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(message)


class InvalidIdentifierError(CpaCoreError):
    """An identifier (such as an NHS number) is malformed or fails its check digit.

    The message says why, and never repeats the identifier.
    """


class IllegalTransitionError(CpaCoreError):
    """A step was attempted that the record's current state does not allow.

    Attributes:
        subject_id: The identifier of the record (an episode or period id), never an NHS
            number.
        state: The state the record was in.
        step: The step that was attempted.
    """

    def __init__(self, subject_id: str, state: str, step: str, reason: str) -> None:
        self.subject_id = subject_id
        self.state = state
        self.step = step
        super().__init__(f"{subject_id}: cannot {step} from state {state!r}: {reason}")
