"""What a 佐证材料 (evidence) file is, told by its content and never by its name; plain Python
and Pillow.

Accepted: images (JPEG, PNG, GIF, WebP), PDF, OFD (the Chinese fixed-layout format: a zip
holding OFD.xml), Office Open XML files (.docx/.xlsx/.pptx, and WPS's .wps/.et/.dps saved in
that form) and the old binary Office files (.doc/.xls/.ppt and WPS's .wps/.et/.dps: OLE
compound files, told apart by the streams they hold). Anything else is refused, and so is a
file whose name claims another kind than its content.

Nothing is unpacked to check a zip: its entries' declared sizes are read, and they are binding
(zipfile stops an entry at its declared size and fails its CRC check beyond it), so a zip bomb
is refused at once. Images are decoded once, under a pixel limit, to make the thumbnail.
"""

import hashlib
import io
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from PIL import Image, ImageOps

from progress.errors import AttachmentTooLarge, InvalidAttachment

MB = 1024 * 1024
ALLOWED = (
    "可上传：图片（JPG、PNG、GIF、WebP）、PDF、OFD、Word（.doc、.docx）、Excel（.xls、.xlsx）、"
    "PowerPoint（.ppt、.pptx）以及 WPS（.wps、.et、.dps）文件。"
)
# A document of a few hundred parts is large; tens of thousands of entries is an attack.
MAX_ZIP_ENTRIES = 10_000
THUMBNAIL_SIZE = (320, 320)
NAME_MAX = 120

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURE = b"PK\x03\x04"


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    content_type: str
    extensions: tuple
    image_format: str = ""  # Pillow's name of the format, for images

    @property
    def is_image(self):
        return bool(self.image_format)


def _kinds(*kinds):
    return {kind.key: kind for kind in kinds}


KINDS = _kinds(
    Kind("jpeg", "JPEG 图片", "image/jpeg", (".jpg", ".jpeg", ".jpe", ".jfif"), "JPEG"),
    Kind("png", "PNG 图片", "image/png", (".png",), "PNG"),
    Kind("gif", "GIF 图片", "image/gif", (".gif",), "GIF"),
    Kind("webp", "WebP 图片", "image/webp", (".webp",), "WEBP"),
    Kind("pdf", "PDF 文档", "application/pdf", (".pdf",)),
    Kind("ofd", "OFD 版式文档", "application/ofd", (".ofd",)),
    Kind(
        "docx",
        "Word 文档",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (".docx", ".wps"),
    ),
    Kind(
        "xlsx",
        "Excel 表格",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        (".xlsx", ".et"),
    ),
    Kind(
        "pptx",
        "PowerPoint 演示文稿",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        (".pptx", ".dps"),
    ),
    Kind("doc", "Word 97-2003 文档", "application/msword", (".doc", ".wps")),
    Kind("xls", "Excel 97-2003 表格", "application/vnd.ms-excel", (".xls", ".et")),
    Kind("ppt", "PowerPoint 97-2003 演示文稿", "application/vnd.ms-powerpoint", (".ppt", ".dps")),
)
EXTENSIONS = {ext for kind in KINDS.values() for ext in kind.extensions}
IMAGE_EXTENSIONS = {ext for kind in KINDS.values() if kind.is_image for ext in kind.extensions}


@dataclass(frozen=True)
class Limits:
    """How large an evidence file may be: the file, what a zip declares it unpacks to, and the
    pixels of an image."""

    max_bytes: int
    max_unzipped_bytes: int
    max_image_pixels: int


@dataclass(frozen=True)
class Checked:
    """An accepted file: its kind, the name to show and download it under, its size and
    sha256, and a JPEG thumbnail for images (None otherwise)."""

    kind: Kind
    name: str
    size: int
    sha256: str
    thumbnail: bytes | None


def _refuse(message):
    raise InvalidAttachment(message, {"file": message})


def clean_name(name):
    """The file name as people see it: the last path part (browsers of old sent C:\\...\\a.pdf),
    without control and format characters (a right-to-left override makes "gpj.exe" read as
    "exe.jpg"), spaces collapsed, at most NAME_MAX characters with its extension kept."""
    text = unicodedata.normalize("NFC", str(name or ""))
    text = text.replace("\\", "/").rsplit("/", 1)[-1]
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    text = " ".join(text.split()).strip(" .")
    if len(text) > NAME_MAX:
        suffix = PurePosixPath(text).suffix
        suffix = suffix if len(suffix) <= 10 else ""
        text = text[: NAME_MAX - len(suffix)].rstrip() + suffix
    return text


def _what_else(data):
    """A word for a refused file, so the message says what it looked like."""
    head = data[:512].lstrip(b"\xef\xbb\xbf\xff\xfe\r\n\t ")
    if data[:2] == b"MZ" or data[:4] == b"\x7fELF":
        return "可执行程序"
    if head[:1] == b"<":
        return "网页、XML 或 SVG 图形"
    if data[:4] in (b"Rar!", b"7z\xbc\xaf") or data[:3] == b"\x1f\x8b\x08":
        return "压缩包"
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return "TIFF 图片，请转为 JPG 或 PDF"
    if data[:2] == b"BM":
        return "BMP 图片，请转为 JPG 或 PNG"
    try:
        data[:4096].decode("utf-8")
        return "纯文本"
    except UnicodeDecodeError:
        return "无法识别的格式"


def _zip_kind(data, limits):
    # The end record gives the entry count before zipfile builds an object per entry.
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end >= 0 and end + 12 <= len(data):
        declared = int.from_bytes(data[end + 10 : end + 12], "little")
        if declared != 0xFFFF and declared > MAX_ZIP_ENTRIES:
            _refuse(f"文件内含 {declared} 个条目，疑似异常压缩文件，已拒绝。")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        _refuse("文件已损坏，无法识别（压缩结构无效）。" + ALLOWED)
    if len(entries) > MAX_ZIP_ENTRIES:
        _refuse(f"文件内含 {len(entries)} 个条目，疑似异常压缩文件，已拒绝。")
    unpacked = sum(info.file_size for info in entries)
    if unpacked > limits.max_unzipped_bytes:
        _refuse(
            f"文件解压后将超过 {limits.max_unzipped_bytes / MB:g} MB，疑似异常压缩文件（压缩炸弹），已拒绝。"
        )
    names = {info.filename for info in entries}
    if "OFD.xml" in names:
        return KINDS["ofd"]
    if "[Content_Types].xml" in names:
        if any(name.lower().endswith("vbaproject.bin") for name in names):
            _refuse("文件含有宏，不能作为佐证材料上传；请另存为不含宏的 .docx、.xlsx 或 .pptx。")
        for folder, key in (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx")):
            if any(name.startswith(folder) for name in names):
                return KINDS[key]
    _refuse("不能上传压缩包（.zip 等）；请直接上传其中的文件。" + ALLOWED)


def ole_names(data):
    """Names of the storages and streams of an OLE compound file (the old Office format).
    Reads the header, the sector allocation table (DIFAT chain included) and the directory
    chain; every loop is bounded by the number of sectors the file holds. Raises ValueError
    for a damaged file."""
    if data[:8] != OLE_SIGNATURE or len(data) < 512:
        raise ValueError("not an OLE file")

    def u32(offset):
        if offset + 4 > len(data):
            raise ValueError("truncated")
        return int.from_bytes(data[offset : offset + 4], "little")

    shift = int.from_bytes(data[0x1E:0x20], "little")
    if shift not in (9, 12):
        raise ValueError("bad sector size")
    size = 1 << shift
    sectors = (len(data) - size) // size

    def sector(number):
        if number >= sectors:
            raise ValueError("sector out of range (a truncated file)")
        start = (number + 1) * size
        return data[start : start + size]

    fat_count, first_dir = u32(0x2C), u32(0x30)
    difat_next, difat_count = u32(0x44), u32(0x48)
    fat_sectors = [u32(0x4C + 4 * i) for i in range(109)]
    for _ in range(min(difat_count, sectors)):
        if difat_next >= 0xFFFFFFFA:
            break
        block = sector(difat_next)
        numbers = [int.from_bytes(block[i : i + 4], "little") for i in range(0, size, 4)]
        fat_sectors.extend(numbers[:-1])
        difat_next = numbers[-1]
    fat_sectors = [n for n in fat_sectors if n < 0xFFFFFFFA][: min(fat_count, sectors)]
    fat = []
    for number in fat_sectors:
        block = sector(number)
        fat.extend(int.from_bytes(block[i : i + 4], "little") for i in range(0, size, 4))

    names, seen, current = set(), set(), first_dir
    while current < 0xFFFFFFFA:
        if current in seen or len(seen) > sectors:
            raise ValueError("directory chain loops")
        seen.add(current)
        block = sector(current)
        for start in range(0, size, 128):
            entry = block[start : start + 128]
            length = int.from_bytes(entry[64:66], "little")
            if entry[66] in (1, 2) and 2 <= length <= 64:
                names.add(entry[: length - 2].decode("utf-16-le", "replace"))
        if current >= len(fat):
            raise ValueError("directory outside the table")
        current = fat[current]
    return names


def _ole_kind(data):
    try:
        names = {name.lower() for name in ole_names(data)}
    except (ValueError, IndexError):
        _refuse("文件已损坏，无法识别（Office 复合文档结构无效）。" + ALLOWED)
    if "encryptedpackage" in names:
        _refuse("文件设有打开密码，审核人无法查看；请去掉密码后再上传。")
    if "worddocument" in names:
        return KINDS["doc"]
    if names & {"workbook", "book"}:
        return KINDS["xls"]
    if "powerpoint document" in names:
        return KINDS["ppt"]
    _refuse("这是 Word、Excel、PowerPoint 以外的复合文档（如安装包、邮件），不能上传。" + ALLOWED)


def _image_kind(data):
    if data[:3] == b"\xff\xd8\xff":
        return KINDS["jpeg"]
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return KINDS["png"]
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return KINDS["gif"]
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return KINDS["webp"]
    return None


def image_thumbnail(data, kind, limits):
    """A JPEG thumbnail (at most THUMBNAIL_SIZE, turned upright by its EXIF orientation) of an
    image of `kind`. Refuses (InvalidAttachment) an image of more than the pixel limit before
    decoding it, and one that Pillow cannot decode whole (damaged, truncated, a bomb)."""
    try:
        # Pillow itself refuses (DecompressionBombError) what is far past its own limit before
        # we see the size; our limit, below Pillow's, refuses the rest without decoding.
        with Image.open(io.BytesIO(data), formats=[kind.image_format]) as image:
            width, height = image.size
            if width * height > limits.max_image_pixels:
                _refuse(
                    f"图片尺寸 {width}×{height} 超过 {limits.max_image_pixels / 1e6:g} 百万像素的上限，"
                    "疑似异常图片，已拒绝；请缩小后再上传。"
                )
            if kind.key == "jpeg":
                # Decodes at 1/2 .. 1/8 scale: a phone's 50-megapixel photo stays cheap.
                image.draft("RGB", (THUMBNAIL_SIZE[0] * 2, THUMBNAIL_SIZE[1] * 2))
            image.load()
            upright = ImageOps.exif_transpose(image)
            upright.thumbnail(THUMBNAIL_SIZE)
            if upright.mode in ("RGBA", "LA", "P", "PA"):
                rgba = upright.convert("RGBA")
                flat = Image.new("RGB", rgba.size, "white")
                flat.paste(rgba, mask=rgba.getchannel("A"))
                upright = flat
            elif upright.mode != "RGB":
                upright = upright.convert("RGB")
            out = io.BytesIO()
            upright.save(out, "JPEG", quality=82, optimize=True)
            return out.getvalue()
    except InvalidAttachment:
        raise
    except Image.DecompressionBombError:
        _refuse("图片像素过多，疑似异常图片（解压炸弹），已拒绝；请缩小后再上传。")
    except (OSError, SyntaxError, ValueError, EOFError, MemoryError, Image.UnidentifiedImageError):
        _refuse(f"{kind.label}已损坏或不完整，无法打开；请重新导出后再上传。")


def sniff(data, limits):
    """The Kind of `data`; refuses (InvalidAttachment, with the allowed kinds in Chinese)
    anything that is none of them."""
    if not data:
        _refuse("文件是空的（0 字节），请重新选择。")
    kind = _image_kind(data)
    if kind is not None:
        return kind
    if data[:5] == b"%PDF-":
        return KINDS["pdf"]
    if data[:4] == ZIP_SIGNATURE:
        return _zip_kind(data, limits)
    if data[:8] == OLE_SIGNATURE:
        return _ole_kind(data)
    _refuse(f"不支持此类文件（看起来是{_what_else(data)}）。" + ALLOWED)


def too_large(size, limits):
    """The error for a file over the size limit (`size` in bytes, None when not known)."""
    given = f"文件大小 {size / MB:.1f} MB，" if size else "文件"
    message = f"{given}超过 {limits.max_bytes / MB:g} MB 的上限；请压缩或拆分后再上传。"
    return AttachmentTooLarge(message, {"file": message})


def file_check(data, name, limits):
    """Check an uploaded file whole: its size, its kind by content, that its name's extension
    (if it has one) fits that kind, and for images that they decode. Returns Checked; raises
    AttachmentTooLarge or InvalidAttachment with a Chinese message. Nothing is stored."""
    if len(data) > limits.max_bytes:
        raise too_large(len(data), limits)
    kind = sniff(data, limits)
    shown = clean_name(name)
    suffix = PurePosixPath(shown).suffix.lower()
    # An image saved under another image's extension opens everywhere: only say no to names
    # that promise another kind of document.
    image_for_image = kind.is_image and suffix in IMAGE_EXTENSIONS
    if suffix and suffix not in kind.extensions and not image_for_image:
        if suffix in EXTENSIONS:
            _refuse(
                f"文件名为 {suffix}，但内容是{kind.label}：文件可能已损坏或被改名，请核对后再上传。"
            )
        _refuse(f"文件扩展名 {suffix} 不在允许范围内（内容是{kind.label}）。" + ALLOWED)
    if not suffix:
        shown = (shown or "佐证材料") + kind.extensions[0]
    thumbnail = image_thumbnail(data, kind, limits) if kind.is_image else None
    return Checked(
        kind=kind,
        name=shown,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        thumbnail=thumbnail,
    )
