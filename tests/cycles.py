"""What a call leaves for the cycle collector: the batch path checks millions of records,
and a reference cycle per record makes the collector's work grow with them."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable
from typing import Any


def cyclic_garbage(call: Callable[[], Any]) -> list[Any]:
    """The objects that ``call`` leaves in reference cycles (freed only by the collector),
    its result and any exception it raises apart."""
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        # The caller asserts any error; here only what is left behind counts.
        with contextlib.suppress(Exception):
            call()
        gc.collect()
        return list(gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
