"""Bulletins (通报): requesting one, making it (a job), and the schedule after deadlines.

A bulletin row is created first (pending) and the job takes its id, so a retry works on the
same row and never makes a second bulletin. The job claims the row, computes a fresh frozen
snapshot (the figures the bulletin is made from), gives the bulletin its 文号 (once: a retry
keeps it), writes the workbook and the 公文 (.docx) from that one snapshot, each to a
temporary file moved into place in one rename; only then is the row marked ready. A worker
killed half-way leaves the row unfinished and no file behind it; the redelivered job completes
it.
"""

import datetime
import logging
import os
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Max, Q
from django.http import Http404
from django.utils import timezone

from progress import roles
from progress.errors import NotAllowed
from progress.models import Period
from reports.bulletin_docx import bulletin_document
from reports.bulletin_docx.placeholders import issued_on
from reports.bulletin_templates import bulletin_template_of
from reports.bulletin_xlsx import bulletin_workbook
from reports.models import Bulletin, BulletinNumber
from reports.snapshots import snapshot_compute

logger = logging.getLogger(__name__)
XLSX, DOCX = "xlsx", "docx"
FORMATS = (XLSX, DOCX)
NUMBER_ATTEMPTS = 10


QUEUE_FAILED = "消息队列暂不可用，通报未能排队生成；队列恢复后将自动重新生成。"


def _publish(bulletin_id):
    """Queue the bulletin's job now. With the broker down the bulletin is marked failed with a
    message (its page stops waiting) and the sweep queues it again once the broker is back."""
    from reports.jobs import bulletin_make_job

    try:
        bulletin_make_job.delay(bulletin_id)
    except Exception as exc:
        if bulletin_make_job.app.conf.task_always_eager:
            raise  # the job itself failed, in-process: bulletin_make marked it already
        logger.warning("通报 %s 未能排队：%s: %s", bulletin_id, type(exc).__name__, exc)
        Bulletin.objects.filter(pk=bulletin_id, state=Bulletin.State.PENDING).update(
            state=Bulletin.State.FAILED, error=QUEUE_FAILED
        )


def _enqueue(bulletin):
    transaction.on_commit(lambda: _publish(bulletin.pk), robust=True)


@transaction.atomic
def bulletin_create(*, plan, period, user=None, trigger=Bulletin.Trigger.MANUAL, queue=True):
    """A bulletin row waiting to be made; queued for the job unless `queue` is False (the
    command makes it in its own process)."""
    bulletin = Bulletin.objects.create(
        plan=plan, period=period, requested_by=user, requested_at=timezone.now(), trigger=trigger
    )
    if queue:
        _enqueue(bulletin)
    return bulletin


def bulletin_request(*, user, plan, period):
    """The office asks for a bulletin; it is made in the background."""
    if not roles.is_office(user):
        raise NotAllowed("只有领导小组办公室可以生成通报。")
    return bulletin_create(plan=plan, period=period, user=user)


def _claim(bulletin_id):
    with transaction.atomic():
        bulletin = (
            Bulletin.objects.select_for_update(of=("self",))
            .select_related("plan", "period")
            .order_by()
            .get(pk=bulletin_id)
        )
        if bulletin.state == Bulletin.State.READY:
            return None
        bulletin.state = Bulletin.State.RUNNING
        bulletin.started_at = bulletin.heartbeat_at = timezone.now()
        bulletin.error = ""
        bulletin.save(update_fields=["state", "started_at", "heartbeat_at", "error"])
        return bulletin


@contextmanager
def _heartbeat(bulletin_id, claimed_at):
    """While the bulletin is made, say so every BULLETIN_HEARTBEAT_SECONDS (from a thread with
    its own connection): a bulletin whose worker was killed falls silent, and the sweep makes
    it again within a minute instead of the broker's visibility timeout."""
    done = threading.Event()

    def beat():
        try:
            while not done.wait(settings.BULLETIN_HEARTBEAT_SECONDS):
                Bulletin.objects.filter(
                    pk=bulletin_id, state=Bulletin.State.RUNNING, started_at=claimed_at
                ).update(heartbeat_at=timezone.now())
        finally:
            connection.close()

    if connection.vendor == "sqlite":  # one writer at a time: no thread writes beside the job
        yield
        return
    thread = threading.Thread(target=beat, daemon=True, name=f"bulletin-{bulletin_id}")
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()


def bulletin_path(bulletin, snapshot, kind=XLSX):
    # The snapshot's id in the name: two runs of one bulletin never write the same file.
    return f"bulletins/{bulletin.pk}_{bulletin.period.label}_{snapshot.pk}.{kind}"


def bulletin_number_allocate(*, plan, period, prefix, year):
    """The 文号 of the plan's bulletin for `period`: the one it has (a bulletin made again
    for a period is the same document), else the next number of the plan's `year`. Safe
    when two jobs number at once: the unique constraints make the later one try again (in a
    savepoint) and read what the first wrote. Called inside a transaction."""
    for _attempt in range(NUMBER_ATTEMPTS):
        existing = BulletinNumber.objects.filter(plan=plan, period=period).first()
        if existing is not None:
            return existing
        last = BulletinNumber.objects.filter(plan=plan, year=year).aggregate(last=Max("number"))
        try:
            with transaction.atomic():
                return BulletinNumber.objects.create(
                    plan=plan,
                    period=period,
                    prefix=prefix,
                    year=year,
                    number=(last["last"] or 0) + 1,
                    allocated_at=timezone.now(),
                )
        except IntegrityError:
            continue
    raise RuntimeError(f"{plan} {period.label}：{NUMBER_ATTEMPTS}次编号均与其他任务冲突")


def _numbered(bulletin, template, snapshot):
    """The bulletin's 文号, given in the job's transaction under the bulletin's lock: a
    bulletin that has one keeps it (a retried job), else it gets its period's (or the next)
    in the year of its 成文日期."""
    with transaction.atomic():
        locked = Bulletin.objects.select_for_update(of=("self",)).order_by().get(pk=bulletin.pk)
        if locked.number_id is not None:
            return BulletinNumber.objects.get(pk=locked.number_id)
        number = bulletin_number_allocate(
            plan=bulletin.plan,
            period=bulletin.period,
            prefix=template.number_prefix,
            year=issued_on(snapshot).year,
        )
        Bulletin.objects.filter(pk=bulletin.pk).update(number=number)
        return number


def _write(name, data):
    """Write `data` to MEDIA_ROOT/name through a temporary file and one rename."""
    final = Path(settings.MEDIA_ROOT) / name
    final.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        dir=final.parent, prefix=".tmp-", suffix=final.suffix, delete=False
    ) as tmp:
        tmp.write(data)
        tmp.flush()
        os.fsync(tmp.fileno())
    os.replace(tmp.name, final)
    return final


def bulletin_make(*, bulletin_id):
    """Make the bulletin's workbook from a fresh snapshot. Safe to run again at any point; a
    failure marks the bulletin failed (a retry that succeeds makes it ready)."""
    bulletin = _claim(bulletin_id)
    if bulletin is None:
        return Bulletin.objects.get(pk=bulletin_id)
    try:
        with _heartbeat(bulletin.pk, bulletin.started_at):
            return _make(bulletin)
    except Exception as error:
        bulletin_fail(bulletin_id=bulletin_id, error=f"{type(error).__name__}: {error}")
        raise


def _make(bulletin):
    claimed_at = bulletin.started_at
    # A frozen snapshot of its own, linked to the bulletin as it is written: later reports
    # do not change it, and no prune can take it away while the workbook is made.
    snapshot = snapshot_compute(
        plan=bulletin.plan, period=bulletin.period, live=False, bulletin=bulletin
    )
    template = bulletin_template_of(bulletin.plan)
    number = _numbered(bulletin, template, snapshot)
    names = {kind: bulletin_path(bulletin, snapshot, kind) for kind in FORMATS}
    written = [
        _write(names[XLSX], bulletin_workbook(snapshot, office=template.office_name)),
        _write(names[DOCX], bulletin_document(snapshot, template, number.text)),
    ]
    # Only the run that holds the claim finishes it; a run that lost the claim to a newer
    # one (a redelivery) leaves the bulletin to it.
    finished = Bulletin.objects.filter(
        pk=bulletin.pk, state=Bulletin.State.RUNNING, started_at=claimed_at
    ).update(
        snapshot=snapshot,
        file=names[XLSX],
        document=names[DOCX],
        state=Bulletin.State.READY,
        generated_at=timezone.now(),
    )
    if not finished:
        for path in written:
            path.unlink(missing_ok=True)
    return Bulletin.objects.get(pk=bulletin.pk)


def bulletin_fail(*, bulletin_id, error):
    Bulletin.objects.filter(pk=bulletin_id).exclude(state=Bulletin.State.READY).update(
        state=Bulletin.State.FAILED, error=str(error)[:2000]
    )


def bulletins_due(*, now=None):
    """After each period's deadline, one scheduled bulletin per plan and period (for deadlines
    of the last BULLETIN_CATCH_UP_DAYS days, so a new installation does not issue years of
    past bulletins). The unique constraint makes a double tick harmless. Returns the ids of
    the bulletins it queued."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    oldest = today - datetime.timedelta(days=settings.BULLETIN_CATCH_UP_DAYS)
    due = (
        Period.objects.select_related("plan")
        .filter(deadline__lt=today, deadline__gte=oldest)
        .exclude(bulletins__trigger=Bulletin.Trigger.SCHEDULED)
    )
    queued = []
    # A scheduled bulletin that failed is tried again at the next tick.
    for bulletin in Bulletin.objects.filter(
        trigger=Bulletin.Trigger.SCHEDULED,
        state=Bulletin.State.FAILED,
        period__deadline__gte=oldest,
    ):
        with transaction.atomic():
            Bulletin.objects.filter(pk=bulletin.pk).update(state=Bulletin.State.PENDING)
            _enqueue(bulletin)
        queued.append(bulletin.pk)
    for period in due:
        try:
            with transaction.atomic():
                bulletin = Bulletin.objects.create(
                    plan=period.plan,
                    period=period,
                    trigger=Bulletin.Trigger.SCHEDULED,
                    requested_at=now,
                )
                _enqueue(bulletin)
        except IntegrityError:
            continue
        queued.append(bulletin.pk)
    return queued


def bulletins_revive(*, now=None):
    """Queue again the bulletins whose job was lost (run every minute, with the figures'
    sweep): running but silent (its worker was killed), waiting longer than a job takes (the
    broker lost it), or failed because the broker was down. Returns their ids."""
    now = now or timezone.now()
    silent = now - datetime.timedelta(seconds=settings.BULLETIN_STALE_SECONDS)
    waited = now - datetime.timedelta(seconds=settings.RECOMPUTE_SWEEP_SECONDS)
    lost = Bulletin.objects.filter(
        Q(state=Bulletin.State.RUNNING, heartbeat_at__lt=silent)
        | Q(state=Bulletin.State.PENDING, requested_at__lt=waited)
        | Q(state=Bulletin.State.FAILED, error=QUEUE_FAILED)
    )
    ids = list(lost.values_list("pk", flat=True))
    for bulletin_id in ids:
        with transaction.atomic():
            Bulletin.objects.filter(pk=bulletin_id).exclude(state=Bulletin.State.READY).update(
                state=Bulletin.State.PENDING, error=""
            )
            transaction.on_commit(lambda pk=bulletin_id: _publish(pk), robust=True)
    return ids


def bulletin_file(bulletin, kind=XLSX):
    """(open file, download name) of a ready bulletin's workbook (xlsx) or 公文 (docx);
    Http404 while it is not ready, or for the 公文 of a bulletin made before there were any."""
    if bulletin.state != Bulletin.State.READY or not bulletin.file:
        raise Http404("通报尚未生成")
    name = f"{bulletin.plan.title}_{bulletin.period.label}_通报"
    if kind == DOCX:
        if not bulletin.document:
            raise Http404("该通报生成时还没有公文（Word）版本，请重新生成通报")
        number = f"{bulletin.number.text}_" if bulletin.number_id else ""
        return bulletin.document.open("rb"), f"{number}{name}.docx"
    return bulletin.file.open("rb"), f"{name}.xlsx"
