"""Bad .xlsx files, built here with zipfile and openpyxl: each claims or holds far more than
its size suggests. Used by the tests of this folder and by bench/workbook_bombs.py."""

import io
import random
import re
import struct
import zipfile

from openpyxl import Workbook

SHEET1 = "xl/worksheets/sheet1.xml"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def xlsx(rows, title="Sheet", extra_sheets=()):
    """A plain workbook: `rows` on the first sheet, then sheets (title, rows)."""
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for name, more in extra_sheets:
        other = book.create_sheet(name)
        for row in more:
            other.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rewrite(data, changes, compression=zipfile.ZIP_DEFLATED):
    """`data` with members replaced or added: {name: bytes, or an iterable of byte chunks
    written as a stream (a member of hundreds of megabytes never sits in memory)}."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if info.filename not in changes:
                target.writestr(info, source.read(info.filename), compress_type=compression)
        for name, content in changes.items():
            info = zipfile.ZipInfo(name, date_time=(2022, 7, 1, 0, 0, 0))
            info.compress_type = compression
            if isinstance(content, bytes):
                target.writestr(info, content)
            else:
                with target.open(info, "w", force_zip64=True) as stream:
                    for chunk in content:
                        stream.write(chunk)
    return out.getvalue()


def sheet_xml(body, dimension=None):
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<worksheet xmlns="{MAIN}">{dim}<sheetData>{body}</sheetData></worksheet>'
    ).encode()


def with_dimension(data, ref, member=SHEET1):
    """The sheet as it is, but claiming the range `ref` (A1:XFD1048576)."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        xml = source.read(member).decode()
    if "<dimension" in xml:
        xml = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>', xml)
    else:
        xml = xml.replace("<sheetViews>", f'<dimension ref="{ref}"/><sheetViews>', 1)
    return rewrite(data, {member: xml.encode()})


def one_row_of_empty_cells(data, cells, member=SHEET1):
    """The sheet replaced by one row: a text in A1, then `cells` empty cells (<c/>, no
    address: openpyxl numbers them itself). 2.6 million make a 61 KB file."""

    def chunks():
        head = sheet_xml("<<ROW>>").decode().split("<<ROW>>")
        yield head[0].encode() + b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c>'
        block = b"<c/>" * 10_000
        for _ in range(cells // 10_000):
            yield block
        yield b"<c/>" * (cells % 10_000)
        yield b"</row>" + head[1].encode()

    return rewrite(data, {member: chunks()})


def rows_of_one_cell(data, rows, dimension=None, member=SHEET1):
    """The sheet replaced by `rows` rows of one number each, under an optional dimension."""
    body = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, rows + 1))
    return rewrite(data, {member: sheet_xml(body, dimension)})


def zeros(size, chunk=1024 * 1024):
    for _ in range(size // chunk):
        yield b"\0" * chunk
    yield b"\0" * (size % chunk)


def with_padding(data, sizes):
    """Members of zeros beside the workbook's own: {name: uncompressed size}."""
    return rewrite(data, {name: zeros(size) for name, size in sizes.items()})


def lying_about_size(data, member=SHEET1, declared=200):
    """The member's uncompressed size rewritten to `declared` bytes in both headers: it holds
    more than it says."""
    raw = bytearray(data)
    name = member.encode()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(member)
    # Local header: the uncompressed size is at offset 22.
    assert raw[info.header_offset : info.header_offset + 4] == b"PK\x03\x04"
    struct.pack_into("<I", raw, info.header_offset + 22, declared)
    # Central directory: the uncompressed size is at offset 24 of the member's entry.
    position = 0
    while True:
        central = raw.find(b"PK\x01\x02", position)
        assert central >= 0, member
        name_length = struct.unpack_from("<H", raw, central + 28)[0]
        if bytes(raw[central + 46 : central + 46 + name_length]) == name:
            struct.pack_into("<I", raw, central + 24, declared)
            return bytes(raw)
        position = central + 4


def with_doctype(data, member=SHEET1):
    """Entity expansion ("billion laughs") in a sheet."""
    laughs = (
        '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
        + "".join(
            f'<!ENTITY {n} "{("&" + p + ";") * 10}">'
            for p, n in zip("abcdefgh", "bcdefghi", strict=True)
        )
        + "]>"
    )
    xml = f'<?xml version="1.0"?>{laughs}<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&i;</t></is></c></row></sheetData></worksheet>'
    return rewrite(data, {member: xml.encode()})


def many_elements(data, count, member="xl/styles.xml"):
    """A styles part of `count` empty elements (openpyxl parses it as one tree)."""
    body = b"<numFmt/>" * count
    xml = f'<?xml version="1.0"?><styleSheet xmlns="{MAIN}"><numFmts>'.encode()
    return rewrite(data, {member: xml + body + b"</numFmts></styleSheet>"})


def dimension_words(data, name_bytes, words, member="xl/notes.xml"):
    """A part of one start tag whose name runs `name_bytes` long (a:a:a:…), then `words`
    times the word "dimension": read by looking back from each word to its "<", it cost the
    square of its size (an hour for 4 MB)."""
    xml = b"<" + b"a:" * (name_bytes // 2) + b"a " + b"dimension " * words + b"/>"
    return rewrite(data, {member: xml})


def damaged_after_its_start(data, member="xl/media/image1.png", size=1024 * 1024):
    """An image member whose compressed data is damaged half-way: its first bytes read, the
    rest do not (random bytes are stored in blocks of 64 KB; 70 KB of zeros take one block's
    header, which zlib refuses)."""
    picture = b"\x89PNG\r\n\x1a\n" + random.Random(7).randbytes(size)
    raw = bytearray(rewrite(data, {member: picture}))
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as archive:
        info = archive.getinfo(member)
    name_length, extra_length = struct.unpack_from("<HH", raw, info.header_offset + 26)
    start = info.header_offset + 30 + name_length + extra_length
    middle = start + info.compress_size // 2
    raw[middle : middle + 70 * 1024] = bytes(70 * 1024)
    return bytes(raw)


def with_encoding(data, encoding, member=SHEET1):
    """The sheet declared in `encoding` (shift_jis: a multi-byte encoding expat cannot read)."""
    xml = f'<?xml version="1.0" encoding="{encoding}"?><worksheet xmlns="{MAIN}"/>'
    return rewrite(data, {member: xml.encode()})
