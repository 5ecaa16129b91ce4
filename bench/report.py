"""How the bench prints: one line per measured item, "name: measured (ratio Nx, goal ≤ Gx)
ok/MISSED", the ratio taken against a floor measured in the same run (so that load from
elsewhere on the machine weighs on both sides), the absolute numbers beside it."""

import os
import time
from dataclasses import dataclass


@dataclass
class Item:
    name: str
    text: str
    ok: bool | None  # None: no goal, only a figure


class Report:
    def __init__(self, out=print):
        self.items = []
        self.out = out
        self.scope = ""  # the size being measured, named in the summary

    def _add(self, name, text, ok):
        self.items.append(Item(f"[{self.scope}] {name}" if self.scope else name, text, ok))
        verdict = "" if ok is None else (" ok" if ok else " MISSED")
        self.out(f"{name}: {text}{verdict}")

    def ratio(self, name, measured, floor, goal, *, what=""):
        """measured / floor against goal (at most goal times the floor). Seconds."""
        ratio = measured / floor if floor else float("inf")
        where = f", {what}" if what else ""
        self._add(
            name,
            f"{ms(measured)} vs {ms(floor)}{where} (ratio {ratio:.2f}x, goal ≤ {goal:g}x)",
            ratio <= goal,
        )
        return ratio

    def below(self, name, measured, limit, *, unit="ms", what=""):
        """An absolute goal (a latency the issue fixes in ms, a count that must be 0)."""
        where = f"; {what}" if what else ""
        if unit == "ms":
            text = f"{measured:.0f} ms (goal < {limit:g} ms{where})"
            ok = measured < limit
        else:
            text = f"{measured:g} {unit} (goal ≤ {limit:g}{where})"
            ok = measured <= limit
        self._add(name, text, ok)

    def check(self, name, ok, text):
        self._add(name, text, bool(ok))

    def figure(self, name, text):
        self._add(name, text, None)

    def missed(self):
        return [i for i in self.items if i.ok is False]


def ms(seconds):
    if seconds >= 10:
        return f"{seconds:.1f} s"
    if seconds >= 1:
        return f"{seconds:.2f} s"
    return f"{seconds * 1000:.1f} ms"


def timed(fn, repeat=3):
    """(best seconds, last result) of `repeat` calls."""
    best, result = None, None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
    return best, result


def timed_pair(a, b, repeat=3):
    """(best seconds of a, a's last result, best seconds of b, b's last result), timed in
    turns a, b, a, b, ...: a change in the machine's load while they run weighs on both."""
    best = [None, None]
    results = [None, None]
    for _ in range(repeat):
        for n, fn in enumerate((a, b)):
            started = time.perf_counter()
            results[n] = fn()
            elapsed = time.perf_counter() - started
            best[n] = elapsed if best[n] is None else min(best[n], elapsed)
    return best[0], results[0], best[1], results[1]


def percentile(values, p):
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def machine_line():
    """The load the machine carried (others' test runs share it)."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"
