"""Reading plan files from disk or an upload: decoding, parsing, corrections, fixtures."""

import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.utils.text import slugify

from plans.parsing import parse_document, parse_spreadsheet, parse_word, targets_add
from plans.parsing.archive import Limits, zip_names
from plans.parsing.corrections import apply_corrections, load_corrections
from plans.parsing.errors import NotAPlanError

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
SOURCES = FIXTURES / "sources"
CORRECTIONS = FIXTURES / "corrections"
PLANS = FIXTURES / "plans"
SUFFIXES = (".txt", ".xlsx", ".docx")
# Old binary Office files (.doc, .xls, WPS's .wps/.et) all begin with this signature.
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def decode(data):
    """Text of an uploaded or stored document: UTF-8 (with or without BOM), else GB18030."""
    if b"\x00" in data[:4096]:
        raise NotAPlanError("文件不是文本文件（含二进制内容）。")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise NotAPlanError("无法识别文件编码（支持 UTF-8 与 GB18030）。")


def file_limits():
    """The limits an .xlsx or .docx plan file is read under (settings PLAN_FILE_MAX_*)."""
    return Limits(
        max_bytes=settings.PLAN_FILE_MAX_BYTES,
        max_unzipped_bytes=settings.PLAN_FILE_MAX_UNZIPPED_BYTES,
        max_part_bytes=settings.PLAN_FILE_MAX_PART_BYTES,
    )


def document_kind(data, name):
    """The kind of a plan file: "docx", "xlsx" or "text". Both Office formats are zip
    archives, so a zip is told by its entries whatever its name; anything else by its name."""
    suffix = Path(name).suffix.lower()
    if data[:4] == b"PK\x03\x04":
        # An oversized file is left to the reader, which refuses it without opening it.
        names = zip_names(data) if len(data) <= settings.PLAN_FILE_MAX_BYTES else set()
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        return "docx" if suffix == ".docx" else "xlsx"
    return {".docx": "docx", ".xlsx": "xlsx"}.get(suffix, "text")


def document_parse(data, *, name, layout=None, corrections=None):
    """Parse a document's bytes: a plan text, an .xlsx or a .docx plan table. `name` is the
    file name recorded as the plan's source. Raises NotAPlanError for what is not a plan."""
    if data[:8] == OLE_SIGNATURE:
        raise NotAPlanError(
            "这是旧版 Office 或 WPS 文件（.doc、.xls、.wps），无法读取：请另存为 .docx 或 .xlsx 后再导入。"
        )
    kind = document_kind(data, name)
    if kind == "docx":
        parse = parse_word(data, source=name, limits=file_limits(), with_targets=False)
    elif kind == "xlsx":
        parse = parse_spreadsheet(data, source=name, limits=file_limits(), with_targets=False)
    else:
        parse = parse_document(decode(data), source=name, layout=layout, with_targets=False)
    parse["plan"]["source_sha256"] = hashlib.sha256(data).hexdigest()
    if corrections:
        return apply_corrections(parse, corrections, add_targets=targets_add)
    return targets_add(parse)


def plan_key(name):
    """The key a plan loaded from file `name` gets: its stem as a slug (Chinese kept), so the
    same file imported again updates the same plan."""
    return slugify(Path(name).stem, allow_unicode=True)[:64] or "plan"


def corrections_for(name):
    path = CORRECTIONS / f"{Path(name).stem}.json"
    return load_corrections(path) if path.exists() else None


def fixtures_build(names=None):
    """Regenerate fixtures/plans/ from fixtures/sources/ and fixtures/corrections/
    (only the sources whose names start with one of `names`, when given).

    Returns the written paths. Every source must parse; a correction that no longer fits
    stops the build (CorrectionError).
    """
    PLANS.mkdir(exist_ok=True)
    written = []
    for source in sorted(SOURCES.iterdir()):
        if source.suffix.lower() not in SUFFIXES:
            continue
        if names and not source.name.startswith(tuple(names)):
            continue
        parse = document_parse(
            source.read_bytes(), name=source.name, corrections=corrections_for(source.name)
        )
        out = PLANS / f"{source.stem}.json"
        out.write_text(fixture_dump(parse), encoding="utf-8")
        written.append(out)
    return written


def fixture_dump(parse):
    return json.dumps(parse, ensure_ascii=False, indent=1) + "\n"


def fixtures_read():
    """(key, parse) for every fixture in fixtures/plans/, in file order."""
    for path in sorted(PLANS.glob("*.json")):
        yield plan_key(path.name), json.loads(path.read_text(encoding="utf-8"))
