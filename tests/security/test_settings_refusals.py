"""Settings that would open a door fail at start, naming the variable: DEBUG is off unless
set, booleans are read strictly, and a placeholder or short SECRET_KEY is refused when DEBUG
is off. Each case imports config/settings.py in a subprocess with its own environment."""

import json
import secrets
import subprocess
import sys

import pytest

from tests.test_settings import ROOT, production_env

PLACEHOLDER = next(
    line.partition("=")[2].strip()
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
    if line.startswith("SECRET_KEY=")
)


def settings_import(env, *names):
    """(True, {name: value}) when config.settings imports under `env`, else (False, stderr)."""
    code = (
        "import json, config.settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {list(names)!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    if result.returncode == 0:
        return True, json.loads(result.stdout.strip().splitlines()[-1])
    return False, result.stderr


def test_the_placeholder_secret_key_of_env_example_is_refused():
    assert "change-me" in PLACEHOLDER and len(PLACEHOLDER) >= 50
    started, error = settings_import(production_env(SECRET_KEY=PLACEHOLDER), "DEBUG")
    assert not started
    assert "SECRET_KEY" in error and "占位" in error


@pytest.mark.parametrize("key", ["", "x" * 49, secrets.token_urlsafe(30), "ab" * 40])
def test_an_empty_short_or_repetitive_secret_key_is_refused(key):
    started, error = settings_import(production_env(SECRET_KEY=key), "DEBUG")
    assert not started
    assert "SECRET_KEY" in error


def test_a_long_random_secret_key_starts_with_debug_off():
    key = secrets.token_urlsafe(50)
    started, values = settings_import(production_env(SECRET_KEY=key), "DEBUG", "SECRET_KEY")
    assert started, values
    assert values == {"DEBUG": False, "SECRET_KEY": key}


def test_debug_is_off_unless_set():
    env = production_env()
    del env["DEBUG"]
    started, values = settings_import(env, "DEBUG", "SECURE_SSL_REDIRECT")
    assert started, values
    assert values == {"DEBUG": False, "SECURE_SSL_REDIRECT": True}


def test_debug_on_needs_no_secret_key():
    started, values = settings_import(production_env(DEBUG="true", SECRET_KEY=""), "DEBUG")
    assert started, values
    assert values["DEBUG"] is True


@pytest.mark.parametrize(
    "spelling, meaning",
    [
        ("true", True),
        ("TRUE", True),
        ("1", True),
        ("yes", True),
        ("on", True),
        ("false", False),
        ("0", False),
        ("No", False),
        ("off", False),
    ],
)
def test_each_accepted_spelling_of_a_boolean_means_what_it_says(spelling, meaning):
    started, values = settings_import(
        production_env(SECURE_SSL_REDIRECT=spelling), "SECURE_SSL_REDIRECT"
    )
    assert started, values
    assert values["SECURE_SSL_REDIRECT"] is meaning


@pytest.mark.parametrize(
    "name, value",
    [
        ("SECURE_SSL_REDIRECT", "ture"),
        ("SECURE_PROXY_SSL_HEADER", "y"),
        ("DEBUG", "debug"),
        ("DEBUG", ""),
    ],
)
def test_a_misspelt_boolean_stops_the_start_naming_the_variable(name, value):
    started, error = settings_import(production_env(**{name: value}), "DEBUG")
    assert not started
    assert f"环境变量 {name} 的值“{value}”无效" in error
