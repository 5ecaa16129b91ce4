"""Files through the API as they are stored: the renderers that name a download's format
(a bulletin's workbook or 公文, a supervision notice's 公文 in reports/supervision/api.py) and
the negotiation by which ?format= or Accept picks a bulletin's file."""

from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import BaseRenderer

from reports.bulletins import DOCX, XLSX

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class FileRenderer(BaseRenderer):
    """A bulletin's file as it is stored: the view answers with the file itself, so this only
    names the format DRF's ?format= and Accept choose."""

    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class XlsxRenderer(FileRenderer):
    media_type, format = XLSX_TYPE, XLSX


class DocxRenderer(FileRenderer):
    media_type, format = DOCX_TYPE, DOCX


FORMAT_HELP = "xlsx：Excel 工作簿（默认）；docx：Word 公文（GB/T 9704 版式）"


class DownloadNegotiation(BaseContentNegotiation):
    """?format=xlsx|docx picks the file (an unknown one is a 400 naming both); without it an
    Accept naming one of the two picks it, anything else gets the workbook."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        wanted = format_suffix or request.query_params.get("format")
        if wanted:
            for renderer in renderers:
                if renderer.format == wanted:
                    return renderer, renderer.media_type
            raise ValidationError({"format": f"format 只能是 xlsx 或 docx（{FORMAT_HELP}）。"})
        accept = request.headers.get("Accept", "")
        chosen = next((r for r in renderers if r.media_type in accept), renderers[0])
        return chosen, chosen.media_type
