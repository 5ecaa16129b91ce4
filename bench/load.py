"""Fifty clients at once against gunicorn (2 workers x 2 threads) and a Celery worker.

Each client is a thread with its own keep-alive connection. It loops for the given time,
pausing between requests as a person or a polling system does (uniformly 0.5 to 1.5 times
`think` seconds), and picks at each turn one of:
- a read: GET /api/v1/completion/ page 1 (100 task rows), or the plan's overview page (with
  the session cookie of a signed-in office user);
- a save: PATCH one of its unit's reports with the version it just read;
- a submit of a draft or returned report;
- a review by the office: approve or return a submitted report, return an approved one.
Five clients share each load unit's 20 reports, so writes meet (409: expected, not errors).
One client asks for a bulletin a third of the way in.

Afterwards every write that was answered 2xx must be found: each acknowledged version at most
once per report, in the report's history with its action (and, for saves, the narrative it
wrote), and a report's final version and content those of its last acknowledged write.
"""

import os
import random
import resource
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db import connection

from bench.data import LOAD_UNITS
from bench.http import Client
from bench.people import person, session_for
from bench.report import percentile
from progress.models import ProgressReport, ReportEvent
from reports.models import Bulletin

EDITABLE = ("draft", "returned")
ACTIONS = {"save": "update", "submit": "submit", "approve": "approve", "return": "return"}
MIX = [("completion", 35), ("overview", 15), ("save", 25), ("submit", 10), ("review", 15)]


@dataclass
class Call:
    kind: str
    status: int
    seconds: float
    report: int | None = None
    version: int | None = None
    state: str | None = None
    narrative: str | None = None
    written: str | None = None  # the narrative a save sent
    at: float = 0.0  # when it was sent (time.time())


class LoadClient(threading.Thread):
    def __init__(self, number, port, plan, *, reports, token, office_token, session, until, think):
        super().__init__(daemon=True)
        self.number = number
        self.rng = random.Random(number)
        self.reports = reports
        self.api = Client(port, token=token)
        self.office = Client(port, token=office_token)
        self.page = Client(port, session=session)
        self.plan = plan
        self.until = until
        self.think = think
        self.calls = []
        self.count = 0
        self.run_id = f"{until:.3f}"  # unique to the run
        self.bulletin_at = None

    def _record(self, kind, answer, report=None, written=None):
        call = Call(kind, answer.status, answer.seconds, report=report, written=written)
        call.at = time.time() - answer.seconds
        if kind in ACTIONS and 200 <= answer.status < 300:
            body = answer.json()
            call.version, call.state, call.narrative = (
                body["version"],
                body["state"],
                body["narrative"],
            )
        self.calls.append(call)
        return answer

    def _write(self, kind):
        report = self.rng.choice(self.reports)
        current = self._record("report", self.api.get(f"/api/v1/progress/{report}/"))
        if current.status != 200:
            return
        body = current.json()
        state, version = body["state"], body["version"]
        if kind == "review" or state not in EDITABLE:
            if state == "submitted" and self.rng.random() < 0.5:
                answer = self.office.post(
                    f"/api/v1/progress/{report}/approve/", {"version": version, "comment": "同意"}
                )
                self._record("approve", answer, report)
            elif state in ("submitted", "approved"):
                answer = self.office.post(
                    f"/api/v1/progress/{report}/return/",
                    {"version": version, "comment": "请补充说明"},
                )
                self._record("return", answer, report)
            else:
                kind = "save"
        if state not in EDITABLE:
            return
        if kind == "submit":
            answer = self.api.post(f"/api/v1/progress/{report}/submit/", {"version": version})
            self._record("submit", answer, report)
        elif kind == "save":
            self.count += 1
            # The run's start in the text: a kept database (--keep) holds the last run's
            # narratives, and a save that writes what is there already changes nothing.
            text = f"客户端{self.number}第{self.count}次保存（{self.run_id}）"
            answer = self.api.patch(
                f"/api/v1/progress/{report}/",
                {
                    "version": version,
                    "narrative": text,
                    "percent": str(self.rng.randint(40, 100)),
                    "problems": "人手不足",
                },
            )
            self._record("save", answer, report, written=text)

    def run(self):
        completion = f"/api/v1/completion/?plan={self.plan.pk}&period=2022Q3"
        overview = f"/dashboard/{self.plan.key}/?period=2022Q3"
        kinds = [k for k, _ in MIX]
        weights = [w for _, w in MIX]
        while time.monotonic() < self.until:
            if self.bulletin_at is not None and time.monotonic() >= self.bulletin_at:
                self.bulletin_at = None
                answer = self.office.post(
                    "/api/v1/bulletins/", {"plan": self.plan.pk, "period": "2022Q3"}
                )
                self._record("bulletin", answer)
            kind = self.rng.choices(kinds, weights)[0]
            if kind == "completion":
                self._record("completion", self.api.get(completion))
            elif kind == "overview":
                self._record("overview", self.page.get(overview, headers={"Accept": "text/html"}))
            else:
                self._write(kind)
            time.sleep(self.think * self.rng.uniform(0.5, 1.5))
        for client in (self.api, self.office, self.page):
            client.close()


CPU_STEP = 10  # seconds between samples of the servers' CPU


def _cpu_sample(servers, samples, until):
    """servers.cpu_seconds() every CPU_STEP seconds until `until` (time.monotonic())."""
    while time.monotonic() + CPU_STEP <= until + 1:
        time.sleep(CPU_STEP)
        samples.append(servers.cpu_seconds())


def _cpu_by_time(samples):
    """Each server's share of the cores in each CPU_STEP of the run."""
    parts = []
    for n, (before, after) in enumerate(zip(samples, samples[1:], strict=False)):
        used = "/".join(
            f"{(after[k] - before.get(k, 0)) / CPU_STEP * 100:.0f}"
            for k in ("gunicorn", "celery", "postgres")
        )
        parts.append(f"{n * CPU_STEP}-{(n + 1) * CPU_STEP} s {used}")
    return ", ".join(parts)


def _deadlocks():
    with connection.cursor() as cursor:
        cursor.execute("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")
        return cursor.fetchone()[0]


def _own_cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def lost_updates(calls):
    """(lost, unanswered writes) of the acknowledged writes in `calls` (see the module): each
    lost write described, "report R v7 save: why"."""
    acked = [c for c in calls if c.kind in ACTIONS and 200 <= c.status < 300]
    unanswered = sum(1 for c in calls if c.kind in ACTIONS and c.status == 0)
    by_report = defaultdict(list)
    for call in acked:
        by_report[call.report].append(call)
    events = {
        (e.report_id, e.version): e
        for e in ReportEvent.objects.filter(report_id__in=list(by_report))
    }
    finals = {r.pk: r for r in ProgressReport.objects.filter(pk__in=list(by_report))}
    lost = []
    for report_id, writes in by_report.items():
        seen = Counter(w.version for w in writes)
        for write in writes:
            name = f"report {report_id} v{write.version} {write.kind}"
            event = events.get((report_id, write.version))
            if seen[write.version] > 1:
                lost.append(f"{name}: version acknowledged {seen[write.version]} times")
            elif event is None or event.action != ACTIONS[write.kind]:
                found = event.action if event else "none"
                lost.append(f"{name}: the history's event at that version is {found}")
            elif write.kind == "save":
                narrative = (event.changes or {}).get("narrative") or [None, None]
                if narrative[1] != write.written:
                    lost.append(f"{name}: the history's narrative is not the one written")
        last = max(writes, key=lambda w: w.version)
        final = finals[report_id]
        if final.version < last.version:
            lost.append(f"report {report_id}: final v{final.version} before v{last.version}")
        elif final.version == last.version and (final.state, final.narrative) != (
            last.state,
            last.narrative,
        ):
            lost.append(f"report {report_id} v{final.version}: final content not the last write's")
    return lost, unanswered


def _idle_reads(bench, port, token, session, repeat=10):
    """The same reads one at a time on the idle servers: what the load's reads compare with."""
    api, page = Client(port, token=token), Client(port, session=session)
    completion = f"/api/v1/completion/?plan={bench.plan.pk}&period=2022Q3"
    overview = f"/dashboard/{bench.plan.key}/?period=2022Q3"
    seconds = []
    for _ in range(repeat):
        seconds.append(api.get(completion).seconds)
        seconds.append(page.get(overview, headers={"Accept": "text/html"}).seconds)
    api.close()
    page.close()
    return seconds


def load_run(bench, servers, *, clients=50, seconds=60, think=1.0):
    """Run the load against `servers` (env.Servers); returns the measured figures (a dict)."""
    port = servers.port
    office, office_token = person("bench-office", "office")
    session = session_for(office)
    idle = _idle_reads(bench, port, office_token, session)
    units = bench.load_units[:LOAD_UNITS]
    tokens = {u.pk: person(f"bench-load-{n:02d}", "reporter", u)[1] for n, u in enumerate(units)}
    reports = defaultdict(list)
    for report_id, unit_id in ProgressReport.objects.filter(
        period=bench.period, unit__in=units
    ).values_list("pk", "unit_id"):
        reports[unit_id].append(report_id)
    deadlocks_before = _deadlocks()
    cpu_before = servers.cpu_seconds()
    clients_before = _own_cpu()
    started = time.monotonic()
    until = started + seconds
    threads = []
    for n in range(clients):
        unit = units[n % len(units)]
        threads.append(
            LoadClient(
                n,
                port,
                bench.plan,
                reports=reports[unit.pk],
                token=tokens[unit.pk],
                office_token=office_token,
                session=session,
                until=until,
                think=think,
            )
        )
    threads[0].bulletin_at = started + seconds / 3
    samples = [cpu_before]
    sampler = threading.Thread(
        target=_cpu_sample, args=(servers, samples, until), daemon=True, name="cpu-sampler"
    )
    for thread in threads:
        thread.start()
    sampler.start()
    for thread in threads:
        thread.join(seconds + 180)
    sampler.join(15)
    elapsed = time.monotonic() - started
    cpu_after = servers.cpu_seconds()
    cpu = {name: cpu_after[name] - cpu_before.get(name, 0) for name in cpu_after}
    cpu["clients"] = _own_cpu() - clients_before
    calls = [c for t in threads for c in t.calls]
    lost, unanswered = lost_updates(calls)
    bulletin = Bulletin.objects.filter(plan=bench.plan).order_by("-pk").first()
    deadline = time.monotonic() + 600  # a bulletin at 1,000,000 reports takes minutes
    while bulletin is not None and bulletin.state in ("pending", "running"):
        if time.monotonic() > deadline:
            break
        time.sleep(1)
        bulletin.refresh_from_db()
    statuses = Counter(c.status for c in calls)
    reads = [c.seconds for c in calls if c.kind in ("completion", "overview")]
    return {
        "calls": calls,
        "elapsed": elapsed,
        "requests": len(calls),
        "statuses": statuses,
        "errors_5xx": sum(n for s, n in statuses.items() if s >= 500),
        "unanswered": statuses.get(0, 0),
        "conflicts": statuses.get(409, 0),
        "other_4xx": sum(n for s, n in statuses.items() if 400 <= s < 500 and s != 409),
        "lost": lost,
        "unanswered_writes": unanswered,
        "reads": reads,
        "by_kind": {
            kind: [c.seconds for c in calls if c.kind == kind]
            for kind in ("completion", "overview", "report", *ACTIONS)
        },
        "acknowledged_writes": sum(1 for c in calls if c.kind in ACTIONS and c.status < 300),
        "bulletin": bulletin,
        "deadlocks": _deadlocks() - deadlocks_before,
        "clients": clients,
        "think": think,
        "idle": idle,
        "cpu": cpu,
        "cpu_samples": samples,
    }


def load_lines(report, result, seconds):
    calls = result["calls"]
    writes = sum(1 for c in calls if c.kind in ACTIONS)
    report.figure(
        "load",
        f"{result['clients']} clients for {seconds} s (pause {result['think'] * 0.5:g}-"
        f"{result['think'] * 1.5:g} s between requests): {result['requests']:,} requests, "
        f"{result['requests'] / result['elapsed']:.1f}/s; {writes:,} writes of which "
        f"{result['acknowledged_writes']:,} acknowledged and {result['conflicts']:,} answered "
        "409 (stale version, expected)",
    )
    other = {s: n for s, n in result["statuses"].items() if 400 <= s < 500 and s != 409}
    report.below(
        "load: 5xx or unanswered",
        result["errors_5xx"] + result["unanswered"],
        0,
        unit="responses",
        what=f"statuses {dict(sorted(result['statuses'].items()))}"
        + (f", unexpected 4xx {other}" if other else ""),
    )
    lost = result["lost"]
    report.below("load: lost updates", len(lost), 0, unit="writes", what="; ".join(lost[:5]))
    report.below("load: deadlocks (pg_stat_database)", result["deadlocks"], 0, unit="deadlocks")
    reads = result["reads"]
    parts = ", ".join(
        f"{kind} p50 {percentile(v, 50) * 1000:.0f} / p95 {percentile(v, 95) * 1000:.0f} ms"
        for kind, v in result["by_kind"].items()
        if v
    )
    report.below(
        f"load: read p95 ({len(reads):,} reads of the API and the overview)",
        percentile(reads, 95) * 1000,
        300,
        what=f"p50 {percentile(reads, 50) * 1000:.0f} ms; the same reads one at a time "
        f"before the load: p50 {percentile(result['idle'], 50) * 1000:.0f} ms, "
        f"p95 {percentile(result['idle'], 95) * 1000:.0f} ms",
    )
    report.figure("load: per kind", parts)
    report.figure("load: read p95 by time", _reads_by_time(calls))
    cpu = result["cpu"]
    report.figure(
        "load: server CPU time",
        f"gunicorn {cpu.get('gunicorn', 0):.1f} s "
        f"({cpu.get('gunicorn', 0) / max(result['requests'], 1) * 1000:.0f} ms a request), "
        f"Celery worker {cpu.get('celery', 0):.1f} s, the {result['clients']} clients (this process) "
        f"{cpu.get('clients', 0):.1f} s, this machine's PostgreSQL {cpu.get('postgres', 0):.1f} s, "
        f"in {result['elapsed']:.0f} s of wall time on {os.cpu_count()} cores",
    )
    report.figure(
        "load: CPU by time, gunicorn/Celery/PostgreSQL in % of one core",
        _cpu_by_time(result["cpu_samples"]),
    )
    bulletin = result["bulletin"]
    if bulletin is None:
        report.check("load: bulletin", False, "no bulletin was asked for")
    else:
        made = (
            f"made in {(bulletin.generated_at - bulletin.requested_at).total_seconds():.1f} s"
            if bulletin.generated_at
            else "not made"
        )
        report.check("load: bulletin", bulletin.state == "ready", f"{bulletin.state}, {made}")
        if bulletin.started_at and bulletin.generated_at:
            report.figure(
                "load: reads while the bulletin was made and outside",
                _reads_split(
                    calls, bulletin.started_at.timestamp(), bulletin.generated_at.timestamp()
                ),
            )


def _reads_by_time(calls, step=10):
    """The reads' p95 in each `step` seconds of the run."""
    reads = [c for c in calls if c.kind in ("completion", "overview")]
    first = min(c.at for c in calls)
    windows = defaultdict(list)
    for c in reads:
        windows[int((c.at - first) // step)].append(c.seconds)
    return ", ".join(
        f"{n * step}-{(n + 1) * step} s {percentile(v, 95) * 1000:.0f} ms"
        for n, v in sorted(windows.items())
    )


def _reads_split(calls, start, end):
    """The reads' p95 while the bulletin job ran (start..end, seconds since the epoch) and
    outside it: how much of the load's read p95 the bulletin's CPU is."""
    reads = [c for c in calls if c.kind in ("completion", "overview")]
    during = [c.seconds for c in reads if start <= c.at <= end]
    outside = [c.seconds for c in reads if not start <= c.at <= end]
    return ", ".join(
        f"{name}: {len(v)} reads, p50 {percentile(v, 50) * 1000:.0f} / p95 "
        f"{percentile(v, 95) * 1000:.0f} ms"
        for name, v in (("during", during), ("outside", outside))
        if v
    )
