"""plans/collector.py: the collector held off during a block, and on again after it."""

import gc
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


def test_overlapping_blocks_leave_it_on_once_the_first_ends():
    """Two threads' blocks: the one that found the collector on turns it on again at its end,
    whichever ends last; a block that found it off leaves it off."""
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
    assert states == {"second, after the first ended": True, "after both": True}
    assert gc.isenabled()
    with collector_paused():
        with collector_paused():
            pass
        assert not gc.isenabled()  # the inner block found it off
    assert gc.isenabled()
