"""Settings come from the environment; production settings pass Django's deployment checklist."""

import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def production_env(**extra):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "CELERY_BROKER_URL", "DEBUG")
    }
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            env[key.strip()] = value.strip()
    env["DATABASE_URL"] = "sqlite:////tmp/plantrack-deploy-check.sqlite3"
    env["SECRET_KEY"] = secrets.token_urlsafe(50)  # .env.example's placeholder is refused
    env.pop("CELERY_BROKER_URL", None)
    env.update(extra)
    return env


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_the_documented_production_environment():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", env=production_env(SECRET_KEY=""))
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_a_bad_value_names_the_variable():
    result = manage("check", env=production_env(SECURE_HSTS_SECONDS="one year"))
    assert result.returncode != 0
    assert "SECURE_HSTS_SECONDS" in result.stderr


def test_no_secret_is_committed():
    settings_text = (ROOT / "config" / "settings.py").read_text(encoding="utf-8")
    assert (
        "dev-only-insecure-key" in settings_text
    )  # the only built-in key, refused when DEBUG is off
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True
    ).stdout.split()
    assert ".env" not in tracked


WORKER = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo"]


def _nice(pid):
    """The nice value of process pid (field 19 of /proc/pid/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[16])


def test_the_worker_runs_below_the_web_processes_priority(tmp_path):
    # A worker as docker-compose starts one (its broker: Redis under CI, memory otherwise).
    log = open(tmp_path / "worker.log", "wb")  # noqa: SIM115
    worker = subprocess.Popen(
        [*WORKER, "-Q", "nice-test"],
        cwd=ROOT,
        env={**os.environ, "WORKER_NICE": "7"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        ours, seen = os.nice(0), None
        for _ in range(300):
            seen = _nice(worker.pid)
            if seen != ours or worker.poll() is not None:
                break
            time.sleep(0.1)
        assert seen == min(ours + 7, 19), (tmp_path / "worker.log").read_text()
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        log.close()


def test_the_web_process_freezes_what_loading_made():
    # gunicorn loads config.wsgi in each of its workers: what that made is out of the cyclic
    # collector's walks (a full collection paused a request for tens of ms), and that takes
    # in the modules the URL patterns import (Django would read them at the first request).
    code = (
        "import gc, config.wsgi, progress.api.reports as views; "
        "print(gc.get_freeze_count(), any(o is vars(views) for o in gc.get_objects()))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    frozen, walked = done.stdout.split()[-2:]
    assert int(frozen) > 100_000
    assert walked == "False"  # a view module's namespace: frozen, not in the walks


def test_with_cache_url_the_figures_are_kept_in_its_cache_shared_by_the_web_processes():
    show = "from django.conf import settings; print(settings.CACHES['figures']['OPTIONS'])"
    shared = manage("shell", "-c", show, env=production_env(CACHE_URL="redis://127.0.0.1:6379/1"))
    assert shared.returncode == 0, shared.stderr
    assert "'CHAIN': ['default']" in shared.stdout
    alone = manage("shell", "-c", show, env=production_env(CACHE_URL=""))
    assert alone.returncode == 0, alone.stderr
    assert "'CHAIN': []" in alone.stdout  # each process its own memory
