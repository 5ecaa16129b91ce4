"""佐证材料: the files attached to progress reports, and where they are stored."""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone

from progress.evidence import KINDS
from progress.models.reports import ProgressReport


def attachment_storage():
    """The storage 佐证材料 are kept in: settings.STORAGES["attachments"] (local media, or an
    S3-compatible store)."""
    return storages["attachments"]


def attachment_path(instance, filename):
    """Where a stored evidence file goes: attachments/<year>/<random uuid><extension>. Nothing
    of the person's file name is in it, and nobody can guess another file's path."""
    suffix = PurePosixPath(filename).suffix.lower()
    return f"attachments/{timezone.localdate().year}/{uuid.uuid4().hex}{suffix}"


class Attachment(models.Model):
    """佐证材料: a file attached to a progress report (a photo, a scanned PDF or OFD, an Office
    or WPS file). Its kind and content type come from its content (progress/evidence.py); the
    file is stored through Django's storage API (attachment_storage) and downloaded only
    through checked views."""

    report = models.ForeignKey(
        ProgressReport, verbose_name="报告", on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(
        "文件", upload_to=attachment_path, storage=attachment_storage, max_length=200
    )
    thumbnail = models.FileField(
        "缩略图",
        upload_to=attachment_path,
        storage=attachment_storage,
        max_length=200,
        blank=True,
        default="",
    )
    name = models.CharField(
        "文件名", max_length=150, help_text="上传时的文件名（已清理），下载时沿用。"
    )
    kind = models.CharField("类型", max_length=8)
    content_type = models.CharField("内容类型", max_length=100)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_by_name = models.CharField("上传人姓名", max_length=150, blank=True)
    uploaded_at = models.DateTimeField("上传时间")

    class Meta:
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"
        ordering = ["report", "uploaded_at", "pk"]

    def __str__(self):
        return self.name

    @property
    def kind_label(self):
        kind = KINDS.get(self.kind)
        return kind.label if kind else self.content_type
