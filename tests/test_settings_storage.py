"""Where 佐证材料 are stored comes from the environment: the local media folder by default, an
S3-compatible store through django-storages when a bucket is named; a bad choice stops the app
at start with a message naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHOW = (
    "import django; django.setup(); "
    "from progress.models import Attachment; "
    "s = Attachment.file.field.storage; "
    "print(type(s).__module__, type(s).__name__, "
    "getattr(s, 'bucket_name', '-'), getattr(s, 'endpoint_url', '-'), "
    "getattr(s, 'location', '-'), getattr(s, 'default_acl', '-'), "
    "getattr(s, 'file_overwrite', '-'))"
)
S3_VARIABLES = (
    "STORAGE_BACKEND",
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_S3_REGION_NAME",
    "AWS_LOCATION",
)


def run(**variables):
    env = {k: v for k, v in os.environ.items() if k not in S3_VARIABLES}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    env.update(variables)
    return subprocess.run(
        [sys.executable, "-c", SHOW], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_files_are_kept_in_the_media_folder_by_default():
    # docker-compose passes the variables it does not set as empty strings.
    for variables in ({}, {"STORAGE_BACKEND": "", "AWS_STORAGE_BUCKET_NAME": ""}):
        result = run(**variables)
        assert result.returncode == 0, result.stderr
        assert result.stdout.split()[:2] == [
            "django.core.files.storage.filesystem",
            "FileSystemStorage",
        ]


def test_a_bucket_in_the_environment_keeps_files_in_an_s3_compatible_store():
    result = run(
        AWS_STORAGE_BUCKET_NAME="plantrack-evidence",
        AWS_S3_ENDPOINT_URL="http://127.0.0.1:9000",
        AWS_ACCESS_KEY_ID="key",
        AWS_SECRET_ACCESS_KEY="secret",
        AWS_LOCATION="prod",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "storages.backends.s3",
        "S3Storage",
        "plantrack-evidence",
        "http://127.0.0.1:9000",
        "prod",
        "None",
        "False",
    ]


def test_a_bad_storage_choice_names_the_variable():
    result = run(STORAGE_BACKEND="ftp")
    assert result.returncode != 0
    assert "STORAGE_BACKEND" in result.stderr
    result = run(STORAGE_BACKEND="s3")
    assert result.returncode != 0
    assert "AWS_STORAGE_BUCKET_NAME" in result.stderr
    result = run(ATTACHMENT_MAX_COUNT="0")
    assert result.returncode != 0
    assert "ATTACHMENT_MAX_COUNT" in result.stderr
