"""Bulletins (通报): requesting one, making it (a job), and the schedule after deadlines.

A bulletin row is created first (pending) and the job takes its id, so a retry works on the
same row and never makes a second bulletin. The job claims the row, computes a fresh frozen
snapshot (the figures the bulletin is made from), writes the workbook to a temporary file and moves it
into place in one rename; only then is the row marked ready. A worker killed half-way leaves
the row unfinished and no file behind it; the redelivered job completes it.
"""

import datetime
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from progress import roles
from progress.errors import NotAllowed
from progress.models import Period
from reports.bulletin_xlsx import bulletin_workbook
from reports.models import Bulletin
from reports.snapshots import snapshot_compute


def _enqueue(bulletin):
    from reports.jobs import bulletin_make_job

    transaction.on_commit(lambda: bulletin_make_job.delay(bulletin.pk), robust=True)


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
            Bulletin.objects.select_for_update()
            .select_related("plan", "period")
            .get(pk=bulletin_id)
        )
        if bulletin.state == Bulletin.State.READY:
            return None
        bulletin.state = Bulletin.State.RUNNING
        bulletin.started_at = timezone.now()
        bulletin.error = ""
        bulletin.save(update_fields=["state", "started_at", "error"])
        return bulletin


def bulletin_path(bulletin, snapshot):
    # The snapshot's id in the name: two runs of one bulletin never write the same file.
    return f"bulletins/{bulletin.pk}_{bulletin.period.label}_{snapshot.pk}.xlsx"


def bulletin_make(*, bulletin_id):
    """Make the bulletin's workbook from a fresh snapshot. Safe to run again at any point; a
    failure marks the bulletin failed (a retry that succeeds makes it ready)."""
    bulletin = _claim(bulletin_id)
    if bulletin is None:
        return Bulletin.objects.get(pk=bulletin_id)
    try:
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
    data = bulletin_workbook(snapshot)
    name = bulletin_path(bulletin, snapshot)
    final = Path(settings.MEDIA_ROOT) / name
    final.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        dir=final.parent, prefix=".tmp-", suffix=".xlsx", delete=False
    ) as tmp:
        tmp.write(data)
        tmp.flush()
        os.fsync(tmp.fileno())
    os.replace(tmp.name, final)
    # Only the run that holds the claim finishes it; a run that lost the claim to a newer
    # one (a redelivery) leaves the bulletin to it.
    finished = Bulletin.objects.filter(
        pk=bulletin.pk, state=Bulletin.State.RUNNING, started_at=claimed_at
    ).update(snapshot=snapshot, file=name, state=Bulletin.State.READY, generated_at=timezone.now())
    if not finished:
        final.unlink(missing_ok=True)
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


def bulletin_file(bulletin):
    """(open file, download name) of a ready bulletin; Http404 while it is not ready."""
    from django.http import Http404

    if bulletin.state != Bulletin.State.READY or not bulletin.file:
        raise Http404("通报尚未生成")
    return bulletin.file.open("rb"), f"{bulletin.plan.title}_{bulletin.period.label}_通报.xlsx"
