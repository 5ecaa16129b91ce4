"""Opening Office files (.xlsx, .docx) without trusting them. Plain Python.

Both are zip archives, and a small zip can unpack to gigabytes. So before a reader hands the
bytes to openpyxl or python-docx, it checks what the archive's entries declare: those sizes
are binding, since zipfile stops reading an entry at its declared size and fails its CRC check
when the content is larger. The limits come from the caller (plans/documents.py reads them
from settings).
"""

import io
import zipfile
from dataclasses import dataclass

from plans.parsing.errors import NotAPlanError

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """How large a plan file may be: the file itself, all its entries unpacked, and one XML
    part that its reader holds whole in memory (word/document.xml, xl/sharedStrings.xml)."""

    max_bytes: int
    max_unzipped_bytes: int
    max_part_bytes: int


def zip_names(data):
    """Names of the entries of a zip archive; empty when `data` is not one."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return {info.filename for info in archive.infolist()}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        return set()


def zip_check(data, *, limits, kind, required, whole=()):
    """Refuse, with a NotAPlanError in Chinese, before anything is unpacked: a file larger than
    the limit, one that is not a zip or lacks the entry `required` (so it is not a `kind` file:
    "Excel" or "Word"), one whose entries declare more than the unpacked limit in all, and one
    where an entry of `whole` declares more than the part limit."""
    suffix = {"Excel": ".xlsx", "Word": ".docx"}[kind]
    if len(data) > limits.max_bytes:
        raise NotAPlanError(f"文件过大（超过 {limits.max_bytes / MB:g} MB），不像计划表。")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            sizes = {info.filename: info.file_size for info in archive.infolist()}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise NotAPlanError(
            f"无法打开 {kind} 文件（文件损坏或不是 {suffix}）：{type(exc).__name__}"
        ) from exc
    if required not in sizes:
        raise NotAPlanError(f"无法打开 {kind} 文件（文件损坏或不是 {suffix}）：缺少 {required}")
    if sum(sizes.values()) > limits.max_unzipped_bytes:
        raise NotAPlanError(
            f"文件解压后过大（超过 {limits.max_unzipped_bytes / MB:g} MB），疑似异常文件，已拒绝。"
        )
    for name in whole:
        if sizes.get(name, 0) > limits.max_part_bytes:
            raise NotAPlanError(
                f"文件中的 {name} 解压后有 {sizes[name] / MB:.0f} MB，"
                f"超过 {limits.max_part_bytes / MB:g} MB 的上限，疑似异常文件，已拒绝。"
            )
