"""The bench's surroundings: the services it needs (PostgreSQL, Redis), the environment every
process of the run shares (a fresh SECRET_KEY, DEBUG off as in production), the throw-away
database, and the servers it starts (gunicorn 2 workers x 2 threads, one Celery worker)."""

import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/plantrack_bench"
DEFAULT_BROKER_URL = "redis://127.0.0.1:6379/13"


class Refused(SystemExit):
    """The bench cannot run here; the message says why and what to do."""


def services_check(database_url, broker_url):
    """Problems (Chinese and English) with the services the bench needs, or []."""
    problems = []
    db = urlparse(database_url)
    if db.scheme not in ("postgres", "postgresql", "pgsql"):
        problems.append(f"DATABASE_URL 须指向 PostgreSQL（现为 {db.scheme}）/ needs PostgreSQL")
    else:
        import psycopg2

        try:
            psycopg2.connect(
                host=db.hostname or "127.0.0.1",
                port=db.port or 5432,
                user=db.username or "postgres",
                password=db.password or "",
                dbname="postgres",
                connect_timeout=5,
            ).close()
        except psycopg2.OperationalError as exc:
            problems.append(
                f"无法连接 PostgreSQL（{db.hostname}:{db.port or 5432}）/ PostgreSQL unreachable: "
                f"{str(exc).strip()}"
            )
    broker = urlparse(broker_url)
    if broker.scheme not in ("redis", "rediss"):
        problems.append(f"CELERY_BROKER_URL 须指向 Redis（现为 {broker.scheme}）/ needs Redis")
    else:
        import redis

        try:
            redis.Redis.from_url(broker_url, socket_timeout=5).ping()
        except redis.RedisError as exc:
            problems.append(f"无法连接 Redis（{broker_url}）/ Redis unreachable: {exc}")
    return problems


def cache_url_of(broker_url):
    """The bench's CACHE_URL: the broker's Redis, a database of its own (the broker's number
    plus one), as docker-compose gives production a Redis cache beside the broker."""
    broker = urlparse(broker_url)
    number = int(broker.path.strip("/") or 0)
    return broker._replace(path=f"/{(number + 1) % 16}").geturl()  # Redis has 16


def environment_prepare(database_url, broker_url, media_root):
    """The environment of this process and of the servers it starts: production settings
    (DEBUG off, a SECRET_KEY made for this run, plain HTTP on 127.0.0.1, CACHE_URL's Redis)."""
    os.environ.update(
        {
            "CACHE_URL": cache_url_of(broker_url),
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": database_url,
            "CELERY_BROKER_URL": broker_url,
            "CELERY_RESULT_BACKEND": broker_url,
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "SECURE_SSL_REDIRECT": "false",
            "MEDIA_ROOT": str(media_root),
            "LOG_LEVEL": "WARNING",
        }
    )


def broker_flush(broker_url):
    """Empty the bench's own Redis databases: no job of an earlier run is waiting there, and
    no page of it is kept."""
    import redis

    for url in (broker_url, cache_url_of(broker_url)):
        redis.Redis.from_url(url).flushdb()


def static_collect(log):
    """DEBUG off serves hashed static files: they must be collected (as `make static` does)."""
    for command in (["vendor_static"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=os.environ,
            stdout=log,
            stderr=subprocess.STDOUT,
            check=True,
        )


def database_url_of(settings_dict, conn_max_age=None):
    """The URL of the database settings_dict names (the bench's own, once created), keeping
    the CONN_MAX_AGE DATABASE_URL gave unless `conn_max_age` says otherwise."""
    password = f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else ""
    age = settings_dict.get("CONN_MAX_AGE") if conn_max_age is None else conn_max_age
    return (
        f"postgres://{settings_dict['USER']}{password}@{settings_dict['HOST'] or '127.0.0.1'}:"
        f"{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}"
        + (f"?conn_max_age={age}" if age is not None else "")
    )


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Servers:
    """gunicorn (2 workers x 2 threads, config.wsgi) and one Celery worker (solo pool) on the
    bench database, as subprocesses; logs in a temporary folder."""

    def __init__(self, database_url, workers=2, threads=2):
        self.database_url = database_url
        self.workers, self.threads = workers, threads
        self.port = _free_port()
        self.logs = Path(tempfile.mkdtemp(prefix="plantrack-bench-logs-"))
        self.worker_name = f"bench-{uuid.uuid4().hex[:8]}@localhost"
        self.processes = []

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def _start(self, name, command):
        log = open(self.logs / f"{name}.log", "ab")  # noqa: SIM115
        env = {**os.environ, "DATABASE_URL": self.database_url}
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        self.processes.append(process)
        return process

    def start(self):
        web = self._start(
            "gunicorn",
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--workers",
                str(self.workers),
                "--threads",
                str(self.threads),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "120",
                "--no-control-socket",  # one per run, not a socket shared with other servers
            ],
        )
        worker = self._start(
            "celery",
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=solo",
                "--loglevel=WARNING",
                "-n",
                self.worker_name,
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
            ],
        )
        self._wait_web(web)
        self._wait_worker(worker)
        return self

    def _wait_web(self, process, seconds=90):
        import http.client

        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.logs / 'gunicorn.log'}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/api/v1/")
                conn.getresponse().read()
                conn.close()
                return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer in {seconds} s; see {self.logs}")

    def _wait_worker(self, process, seconds=90):
        from config.celery import app

        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"the Celery worker exited; see {self.logs / 'celery.log'}")
            if app.control.ping(destination=[self.worker_name], timeout=1):
                return
        raise RuntimeError(f"the Celery worker did not answer in {seconds} s; see {self.logs}")

    def cpu_seconds(self):
        """{"gunicorn": s, "celery": s, "postgres": s}: CPU time used so far by each server
        and its child processes (gunicorn's workers), and by this machine's PostgreSQL
        processes (0 when it runs elsewhere), read from /proc. Unlike wall time, it does not
        grow with what other processes on the machine do."""
        tick = os.sysconf("SC_CLK_TCK")
        stats, postgres = {}, 0
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    name, rest = (entry / "stat").read_text().rsplit(")", 1)
                except OSError:
                    continue
                fields = rest.split()
                used = int(fields[11]) + int(fields[12])
                stats[int(entry.name)] = (int(fields[1]), used)
                if name.split("(", 1)[1].startswith("postgres"):
                    postgres += used
        out = {"postgres": postgres / tick}
        for name, process in zip(("gunicorn", "celery"), self.processes, strict=False):
            family, ticks = {process.pid}, 0
            for pid, (ppid, used) in stats.items():
                if pid == process.pid or ppid in family:
                    family.add(pid)
                    ticks += used
            out[name] = ticks / tick
        return out

    def alive(self):
        return all(p.poll() is None for p in self.processes)

    def stop(self):
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
