"""Shared fixtures: the seed documents, the loaded plans, and, under CI, the real services.

Under CI=true the suite refuses to run unless the database is PostgreSQL and Celery has a
Redis broker, both reachable; jobs then go through a real worker process started here.
Without CI (a laptop), the same tests run on SQLite with Celery eager.
"""

import contextlib
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "fixtures" / "sources"
UNDER_CI = os.environ.get("CI") == "true"


def seed_text(prefix):
    """The text of the seed document whose file name starts with prefix ("000")."""
    (path,) = SOURCES.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def _services_problems():
    problems = []
    database = settings.DATABASES["default"]
    if "postgresql" not in database["ENGINE"]:
        problems.append(f"数据库不是 PostgreSQL（{database['ENGINE']}），请设置 DATABASE_URL")
    else:
        import psycopg2

        try:
            psycopg2.connect(
                host=database["HOST"] or "127.0.0.1",
                port=database["PORT"] or 5432,
                user=database["USER"],
                password=database["PASSWORD"],
                dbname="postgres",
                connect_timeout=5,
            ).close()
        except psycopg2.OperationalError as exc:
            problems.append(f"无法连接 PostgreSQL：{exc}")
    if settings.CELERY_TASK_ALWAYS_EAGER:
        problems.append("Celery 处于 eager 模式，请设置 CELERY_BROKER_URL 指向 Redis")
    else:
        import redis

        try:
            redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_timeout=5).ping()
        except redis.RedisError as exc:
            problems.append(f"无法连接 Redis：{exc}")
    return problems


def pytest_sessionstart(session):
    if UNDER_CI:
        problems = _services_problems()
        if problems:
            pytest.exit("CI 必须在真实服务上运行：\n" + "\n".join(problems), returncode=3)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Files the tests make (bulletins) go to a temporary folder, workers' too."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Login throttles count in the cache, answers are kept by snapshot (whose ids and times
    tests repeat): every test starts with none."""
    from django.core.cache import caches

    for name in ("default", "figures"):
        caches[name].clear()
    yield
    for name in ("default", "figures"):
        caches[name].clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Hashing strength is not under test; a cheap hasher keeps the suite quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def seed():
    return seed_text


def _load_plans():
    """Every plan loaded, with the live figures of every period computed here and now (under
    CI the jobs the load queued go to a broker no worker of this session listens to)."""
    from django.core.management import call_command

    from reports.models import RecomputeRequest
    from reports.snapshots import figures_refresh

    with open(os.devnull, "w") as devnull:
        call_command("load_plans", stdout=devnull)
    for period_id in sorted(set(RecomputeRequest.objects.values_list("period_id", flat=True))):
        figures_refresh(period_id=period_id)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database with every plan loaded once, as `load_plans` does; each test then
    runs in a transaction that is rolled back."""
    with django_db_blocker.unblock():
        _load_plans()


@pytest.fixture
def loaded_plans(db):
    """{"000": Plan, ...}: every plan of fixtures/plans/ (reloaded after a transactional test
    emptied the database)."""
    from plans.models import Plan

    if Plan.objects.count() < len(list((ROOT / "fixtures" / "plans").glob("*.json"))):
        _load_plans()
    return {plan.source[:3]: plan for plan in Plan.objects.all()}


@pytest.fixture
def plan_000(loaded_plans):
    return loaded_plans["000"]


class Worker:
    """A real Celery worker process consuming its own queue, on the test database and the
    test's media folder."""

    def __init__(self, database_url, log_path, queue=None):
        self.queue = queue or f"test-{uuid.uuid4().hex[:8]}"
        self.name = f"{uuid.uuid4().hex[:8]}-{self.queue}@localhost"
        self.database_url = database_url
        self.log_path = log_path
        self.process = None

    def start(self, app_module="config", **env_extra):
        from config.celery import app

        env = {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            **env_extra,
        }
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            app_module,
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "-Q",
            self.queue,
            "-n",
            self.name,
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ]
        log = open(self.log_path, "ab")  # noqa: SIM115
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Celery worker exited; see {self.log_path}")
            if app.control.ping(destination=[self.name], timeout=1):
                return self
        raise RuntimeError(f"Celery worker did not answer within 60 s; see {self.log_path}")

    def kill(self):
        """SIGKILL: the worker dies mid-job without acknowledging it."""
        self.process.kill()
        self.process.wait(timeout=30)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()


@contextlib.contextmanager
def jobs_routed_to(queue):
    """Jobs sent inside the block go to `queue` (a test worker's own)."""
    from config.celery import app

    previous = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    try:
        yield
    finally:
        app.conf.task_default_queue = previous


def _test_database_url():
    database = settings.DATABASES["default"]
    password = f":{database['PASSWORD']}" if database["PASSWORD"] else ""
    return (
        f"postgres://{database['USER']}{password}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )


@pytest.fixture
def worker_factory(django_db_setup, tmp_path, _media_in_tmp):
    """worker_factory(queue) -> an unstarted Worker on this test database, stopped at the end.
    Under eager Celery (no broker) it is None."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        if UNDER_CI:
            pytest.fail("CI 需要真实的 Celery worker 与 Redis")
        yield None
        return
    workers = []

    def make(queue=None):
        worker = Worker(_test_database_url(), tmp_path / f"worker-{len(workers)}.log", queue)
        workers.append(worker)
        return worker

    yield make
    for worker in workers:
        worker.stop()


@pytest.fixture
def celery_worker(request, django_db_setup, django_db_blocker, tmp_path, _media_in_tmp):
    """A real worker on Redis routing this test's jobs, or None when Celery is eager.

    Tests using it must use `django_db(transaction=True)` so the worker sees their rows.
    """
    if settings.CELERY_TASK_ALWAYS_EAGER:
        if UNDER_CI:
            pytest.fail("CI 需要真实的 Celery worker 与 Redis")
        yield None
        return
    worker = Worker(_test_database_url(), tmp_path / "worker.log")
    with jobs_routed_to(worker.queue):
        try:
            yield worker.start()
        finally:
            worker.stop()


# Named people, one per role (as healthchecks has alice, bob and charlie).
PASSWORD = "Kq7-plan-tracker-test"


def _person(username, role, unit_name=None, region=None):
    from plans.models import Unit
    from progress.users import user_add

    unit = None
    if unit_name:
        units = Unit.objects.filter(name=unit_name)
        if region:
            units = units.filter(region__short_name=region)
        unit = units.get()
    return user_add(username=username, role=role, unit=unit, password=PASSWORD)


@pytest.fixture
def alice(plan_000):
    """Reporter of 州人力资源社会保障局 (lead unit of tasks 1, 4, 5, ...)."""
    return _person("alice", "reporter", "州人力资源社会保障局")


@pytest.fixture
def bob(plan_000):
    """Reporter of 州财政局 (lead unit of tasks 13, 20, 22)."""
    return _person("bob", "reporter", "州财政局")


@pytest.fixture
def carol(plan_000):
    """Reporter of 凯里市人民政府, a county government responsible for most tasks."""
    return _person("carol", "reporter", "凯里市人民政府")


@pytest.fixture
def leo(plan_000):
    """Leader (单位负责人) of 州人力资源社会保障局."""
    return _person("leo", "leader", "州人力资源社会保障局")


@pytest.fixture
def olivia(plan_000):
    """The leadership office (领导小组办公室)."""
    return _person("olivia", "office")


@pytest.fixture
def rita(plan_000):
    """A read-only API client."""
    return _person("rita", "reader")


@pytest.fixture
def outsider(db):
    """Logged in, but with no role at all."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user("mallory", password=PASSWORD)


@pytest.fixture
def period_q2(plan_000):
    return plan_000.periods.get(year=2022, quarter=2)


@pytest.fixture
def period_q3(plan_000):
    return plan_000.periods.get(year=2022, quarter=3)
