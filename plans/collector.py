"""The cyclic garbage collector held off while one bulk operation runs."""

import contextlib
import gc


@contextlib.contextmanager
def collector_paused():
    """Hold off the cyclic garbage collector while the block runs; the next collection after
    it frees what the block left (reference counting frees the rest at once, as always).

    For an operation that makes tens of thousands of objects which all live until it ends (an
    Excel upload: its cells, rows and reports): the collector would walk them again and again,
    finding nothing to free, and each full walk also goes through every long-lived object of a
    warm server (its caches) while every thread of the process waits. Process-wide, but only
    ever postponed: a block re-enables the collector if it found it enabled, so however blocks
    of several threads overlap, it is enabled again once the last one that saw it enabled ends.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
