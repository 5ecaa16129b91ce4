"""API of the reports room, by topic: the completion figures of a snapshot (completion.py),
bulletins (bulletins.py), and the renderers and negotiation of file downloads (files.py), which
the supervision notices' API uses too. What other code names is imported here: the views for
the router (config/api.py), STATUS_FIELDS for drf-spectacular's enum naming (config/settings.py)
and the file renderers (reports/supervision/api.py)."""

from reports.api.bulletins import BulletinViewSet
from reports.api.completion import STATUS_FIELDS, CompletionView
from reports.api.files import DOCX_TYPE, DocxRenderer, FileRenderer

__all__ = [
    "DOCX_TYPE",
    "STATUS_FIELDS",
    "BulletinViewSet",
    "CompletionView",
    "DocxRenderer",
    "FileRenderer",
]
