"""The reports the snapshot and bulletin tests share: 2022Q3 of the 000 plan, entered through
the services at frozen times. Four lead reports on time (task 1 lagging, 39 and 14 on
schedule), one late (task 20, completed), a county's own report (凯里市 on 39), every other
report missing. Two texts look like spreadsheet formulas on purpose."""

import datetime

import time_machine

from progress import services
from tasks.models import Task
from tests.conftest import _person

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
ON_TIME = datetime.datetime(2022, 9, 10, 10, 0, tzinfo=SHANGHAI)
LATE = datetime.datetime(2022, 9, 20, 10, 0, tzinfo=SHANGHAI)


def task(plan, number):
    return Task.objects.get(plan=plan, number=number)


def annual_ids(t):
    return [x.pk for x in t.targets.filter(annual__isnull=True).order_by("order")]


def report(user, t, period, *, at, **data):
    with time_machine.travel(at, tick=False):
        saved = services.report_save(
            user=user, task=t, unit=user.profile.unit, period=period, data=data
        )
        return services.report_submit(user=user, report=saved, version=saved.version)


def q3_reports(plan, period, alice, bob, carol):
    nyj = _person("nina", "reporter", "州农业农村局")
    t1, t14, t20 = task(plan, "1"), task(plan, "14"), task(plan, "20")
    people, rate = annual_ids(t1)
    report(
        alice,
        t1,
        period,
        at=ON_TIME,
        narrative="转移就业7600人",
        problems="@外出务工需求下降",
        values={people: 7600, rate: 70},
    )
    report(alice, task(plan, "39"), period, at=ON_TIME, narrative="=1+1 已宣传", percent=80)
    brands, processing, losses = annual_ids(t14)
    report(
        nyj,
        t14,
        period,
        at=ON_TIME,
        narrative="推进中",
        values={brands: 6, processing: 55, losses: 12.5},
    )
    items, payout = annual_ids(t20)
    report(bob, t20, period, at=LATE, narrative="发放完成", values={items: 47, payout: 95})
    report(
        carol,
        task(plan, "39"),
        period,
        at=ON_TIME,
        narrative="凯里市宣传",
        percent=50,
        problems="企业覆盖不足",
    )
