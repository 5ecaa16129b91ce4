"""plans/collector.py: the collector held off during a block, and on again after it."""

import gc
import sys
import threading

import pytest

from plans.collector import collector_paused


def test_the_collector_is_off_inside_and_on_after_even_on_an_error():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError
    assert gc.isenabled()


def test_overlapping_blocks_hold_it_off_until_the_last_ends():
    """Two threads' blocks count as one: the collector stays off until the last of them ends,
    whichever it is, then it is on again; a block inside another changes nothing."""
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    states = {}

    def first():
        with collector_paused():
            first_in.set()
            second_in.wait(5)
        first_out.set()

    def second():
        first_in.wait(5)
        with collector_paused():
            second_in.set()
            first_out.wait(5)
            states["second, after the first ended"] = gc.isenabled()
        states["after both"] = gc.isenabled()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert states == {"second, after the first ended": False, "after both": True}
    with collector_paused():
        with collector_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_many_threads_entering_and_leaving_at_once_leave_it_on():
    """Entering and leaving in many threads at once, switching threads as often as Python
    can: the collector is on after every round (read apart from its disabling, without the
    lock, it was off after about one round in fifty)."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)

    def blocks():
        for _ in range(1000):
            with collector_paused():
                pass

    try:
        for _round in range(150):
            threads = [threading.Thread(target=blocks) for _ in range(3)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(30)
            assert gc.isenabled()
    finally:
        sys.setswitchinterval(interval)
        gc.enable()
