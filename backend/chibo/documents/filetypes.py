"""What a document is, told by its bytes, never by its name: a small sniffer for the formats
meetings use (PDF, Word, Excel, OpenDocument text and images), without libmagic.

Office formats are ZIP packages, told apart by the parts they hold: DOCX has
word/document.xml, XLSX has xl/workbook.xml, ODT a `mimetype` entry naming OpenDocument text.
Macro-enabled packages (a vbaProject.bin part) and anything else are refused.
"""

import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class FileType:
    content_type: str
    extensions: tuple[str, ...]  # the first is the one given to a misnamed file
    label: str


PDF = FileType("application/pdf", (".pdf",), "PDF")
DOCX = FileType(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",), "DOCX"
)
XLSX = FileType(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",), "XLSX"
)
ODT = FileType("application/vnd.oasis.opendocument.text", (".odt",), "ODT")
PNG = FileType("image/png", (".png",), "PNG")
JPEG = FileType("image/jpeg", (".jpg", ".jpeg"), "JPEG")
GIF = FileType("image/gif", (".gif",), "GIF")
WEBP = FileType("image/webp", (".webp",), "WEBP")

ACCEPTED: tuple[FileType, ...] = (PDF, DOCX, XLSX, ODT, PNG, JPEG, GIF, WEBP)

_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_HEAD_BYTES = 16


def sniff(path: Path) -> FileType | None:
    """The accepted type of the file at `path`, or None. Blocking: call it in a thread."""
    with path.open("rb") as handle:
        head = handle.read(_HEAD_BYTES)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(path)
    return None


def _sniff_zip(path: Path) -> FileType | None:
    try:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
            if any(name.endswith("vbaProject.bin") for name in names):
                return None  # macro-enabled (docm, xlsm)
            if "mimetype" in names:
                info = package.getinfo("mimetype")
                if info.file_size > 128:
                    return None
                return ODT if package.read(info).strip() == _ODT_MIMETYPE else None
            if "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    return DOCX
                if "xl/workbook.xml" in names:
                    return XLSX
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return None
    return None


_MAX_FILENAME = 200
_FALLBACK_STEM = "tai-lieu"


def clean_filename(name: str | None, file_type: FileType) -> str:
    """The uploaded name made safe to store and send back: no folders, no control characters,
    NFC, and an extension that matches the content (a PNG sent as 'anh.pdf' becomes 'anh.png')."""
    text = unicodedata.normalize("NFC", name or "")
    text = text.replace("\\", "/").rsplit("/", 1)[-1]
    text = "".join(ch for ch in text if not unicodedata.category(ch).startswith("C"))
    text = " ".join(text.split()).strip(" .")
    stem, dot, extension = text.rpartition(".")
    if not dot:
        stem, extension = text, ""
    if f".{extension.lower()}" in file_type.extensions:
        suffix = f".{extension.lower()}"
    else:
        looks_like_extension = (
            0 < len(extension) <= 5
            and extension.isascii()
            and extension.isalnum()
            and not extension.isdigit()
        )
        if not looks_like_extension:
            stem = text  # "Nghị quyết 01.2024" keeps its dot
        suffix = file_type.extensions[0]
    stem = stem.strip(" .") or _FALLBACK_STEM
    return stem[: _MAX_FILENAME - len(suffix)].rstrip(" .") + suffix
