"""Real small files of every kind a unit attaches as 佐证材料, and of kinds it must not, made
here in the test (Pillow, python-docx, openpyxl, and bytes written by hand after the formats'
specifications), so no binary fixture is committed."""

import io
import struct
import zipfile
import zlib

from PIL import Image, ImageDraw


def png(size=(640, 480), color=(200, 30, 30)):
    image = Image.new("RGB", size, "white")
    ImageDraw.Draw(image).rectangle([20, 20, size[0] - 20, size[1] // 2], fill=color)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def jpeg(size=(1200, 900), orientation=None):
    """A JPEG photo; `orientation` writes the EXIF orientation a phone camera sets."""
    image = Image.new("RGB", size, (30, 120, 200))
    ImageDraw.Draw(image).ellipse([100, 100, size[0] - 100, size[1] - 100], fill=(240, 200, 40))
    out = io.BytesIO()
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    image.save(out, "JPEG", quality=85, exif=exif)
    return out.getvalue()


def gif():
    out = io.BytesIO()
    Image.new("P", (64, 48), 3).save(out, "GIF")
    return out.getvalue()


def webp():
    out = io.BytesIO()
    Image.new("RGBA", (80, 60), (0, 128, 0, 128)).save(out, "WEBP")
    return out.getvalue()


def pdf(text="Evidence"):
    """A one-page PDF with a valid cross-reference table."""
    stream = f"BT /F1 24 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def docx(text="第三季度新增转移就业人数统计"):
    from docx import Document

    document = Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx():
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["县（市）", "转移就业（人）"])
    book.active.append(["凯里市", 650])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def zip_of(entries):
    """A zip of {name: bytes}."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


CONTENT_TYPES = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'


def pptx():
    return zip_of(
        {"[Content_Types].xml": CONTENT_TYPES, "ppt/presentation.xml": b"<p:presentation/>"}
    )


def ofd():
    """An OFD package (GB/T 33190): OFD.xml at the root, the document beneath."""
    return zip_of(
        {
            "OFD.xml": b'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>',
            "Doc_0/Document.xml": b"<ofd:Document/>",
        }
    )


def ole(*streams):
    """An OLE compound file (the old Office format) holding 4096-byte streams of these names:
    ("WordDocument",) is a .doc, ("Workbook",) an .xls, ("PowerPoint Document",) a .ppt.
    One FAT sector, one directory sector (up to three streams), then the streams' sectors."""
    assert 1 <= len(streams) <= 3
    free, end, fat_mark = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 0x28, 0, 1, 1, 0, 4096, end, 0, end, 0)
    struct.pack_into("<I", header, 0x4C, 0)
    for i in range(1, 109):
        struct.pack_into("<I", header, 0x4C + 4 * i, free)
    fat = [fat_mark, end]
    for index in range(len(streams)):
        first = 2 + index * 8
        fat.extend(range(first + 1, first + 8))
        fat.append(end)
    fat += [free] * (128 - len(fat))

    def entry(name, kind, child=free, right=free, start=end, size=0):
        raw = bytearray(128)
        encoded = (name + "\0").encode("utf-16-le")
        raw[: len(encoded)] = encoded
        struct.pack_into("<HBB", raw, 64, len(encoded), kind, 1)
        struct.pack_into("<III", raw, 68, free, right, child)
        struct.pack_into("<IQ", raw, 116, start, size)
        return bytes(raw)

    directory = entry("Root Entry", 5, child=1)
    for index, name in enumerate(streams):
        right = index + 2 if index + 1 < len(streams) else free
        directory += entry(name, 2, right=right, start=2 + index * 8, size=4096)
    directory += b"\0" * (512 - len(directory))
    data = b"".join(b"\xec\xa5" + bytes(4094) for _ in streams)
    return bytes(header) + struct.pack("<128I", *fat) + directory + data


def png_claiming(width, height):
    """A tiny PNG whose header claims width x height pixels (a decompression bomb's shape)."""

    def chunk(kind, body):
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def docx_bomb(unpacked_bytes):
    """A .docx-shaped zip whose document part unpacks to `unpacked_bytes` zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            block = bytes(1024 * 1024)
            for _ in range(unpacked_bytes // len(block)):
                part.write(block)
    return out.getvalue()


def with_declared_size(data, name, size):
    """The zip `data` with entry `name`'s size, as its central directory declares it, set to
    `size` (what a crafted zip bomb claims); nothing is unpacked to build it."""
    raw = bytearray(data)
    encoded = name.encode()
    at = raw.find(b"PK\x01\x02" + b"")
    while at >= 0:
        length = struct.unpack_from("<H", raw, at + 28)[0]
        if bytes(raw[at + 46 : at + 46 + length]) == encoded:
            struct.pack_into("<I", raw, at + 24, size)
            return bytes(raw)
        at = raw.find(b"PK\x01\x02", at + 4)
    raise ValueError(name)


EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(200) + b"PE\x00\x00"
HTML = "<!DOCTYPE html><html><body><script>alert(1)</script>进展</body></html>".encode()
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>'
TEXT = "第三季度完成转移就业9500人。".encode()
