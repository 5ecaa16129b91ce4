"""Excel templates in and out: a unit downloads its template for a period, fills it in Excel
or WPS and uploads it; the upload is checked row by row and imported all or nothing."""

from progress.excel.build import template_build, template_filename
from progress.excel.importing import ImportResult, template_import
from progress.excel.reading import MAX_ROWS, MAX_UNCOMPRESSED_BYTES, MAX_UPLOAD_BYTES

__all__ = [
    "MAX_ROWS",
    "MAX_UNCOMPRESSED_BYTES",
    "MAX_UPLOAD_BYTES",
    "ImportResult",
    "template_build",
    "template_filename",
    "template_import",
]
