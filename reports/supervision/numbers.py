"""A 督办单's number and reply deadline.

督办单 are numbered per office and year of issue, apart from the bulletins: the bulletin's
机关代字 with 督 after it (黔东南增收办督〔2022〕3号), the year the notice was sent. The number
is given the first time the notice's document is made and kept from then on.
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from reports.bulletin_templates import bulletin_template_of
from reports.models import Reminder

NUMBER_ATTEMPTS = 5
NOTICE_MARK = "督"


def notice_prefix(plan):
    return f"{bulletin_template_of(plan).number_prefix}{NOTICE_MARK}"


def reminder_number(reminder):
    """The reminder with its number: the one it has, else the next of its prefix and year.
    Safe when two requests number at once: the reminder's row is locked, and the unique
    (prefix, year, number) makes a loser try again with the next number."""
    if reminder.number_seq is not None:
        return reminder
    prefix = notice_prefix(reminder.period.plan)
    year = timezone.localdate(reminder.created_at).year
    for _attempt in range(NUMBER_ATTEMPTS):
        with transaction.atomic():
            locked = Reminder.objects.select_for_update(of=("self",)).order_by().get(pk=reminder.pk)
            if locked.number_seq is None:
                last = Reminder.objects.filter(number_prefix=prefix, number_year=year).aggregate(
                    last=Max("number_seq")
                )["last"]
                try:
                    with transaction.atomic():
                        Reminder.objects.filter(pk=reminder.pk, number_seq__isnull=True).update(
                            number_prefix=prefix, number_year=year, number_seq=(last or 0) + 1
                        )
                except IntegrityError:
                    continue
            locked.refresh_from_db(fields=["number_prefix", "number_year", "number_seq"])
        reminder.number_prefix = locked.number_prefix
        reminder.number_year = locked.number_year
        reminder.number_seq = locked.number_seq
        return reminder
    raise RuntimeError(f"{reminder}：{NUMBER_ATTEMPTS}次编号均与其他督办单冲突")


def reply_deadline(reminder):
    """The day a 督办单 asks the unit to report and reply by: SUPERVISION_REPLY_WORKING_DAYS
    working days (Monday to Friday) after the day it was sent."""
    day = timezone.localdate(reminder.created_at)
    left = settings.SUPERVISION_REPLY_WORKING_DAYS
    while left:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day
