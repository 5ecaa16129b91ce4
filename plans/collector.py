"""The cyclic garbage collector held off while one bulk operation runs."""

import contextlib
import gc
import threading

_lock = threading.Lock()
_blocks = 0  # blocks running now, in every thread
_was_enabled = False  # whether the first of them found the collector enabled


@contextlib.contextmanager
def collector_paused():
    """Hold off the cyclic garbage collector while the block runs; the next collection after
    it frees what the block left (reference counting frees the rest at once, as always).

    For an operation that makes tens of thousands of objects which all live until it ends (an
    Excel upload: its cells, rows and reports): the collector would walk them again and again,
    finding nothing to free, and each full walk also goes through every long-lived object of a
    warm server (its caches) while every thread of the process waits. Process-wide: blocks of
    several threads that overlap count as one, and the last to end enables the collector again
    if the first found it enabled (under a lock: read apart, a thread could disable it just
    after another enabled it, and it would stay off)."""
    global _blocks, _was_enabled
    with _lock:
        if _blocks == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _blocks += 1
    try:
        yield
    finally:
        with _lock:
            _blocks -= 1
            if _blocks == 0 and _was_enabled:
                gc.enable()
