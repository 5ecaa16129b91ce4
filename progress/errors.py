"""Domain errors of progress reporting. Pages show `message`; the API returns
{"code", "message", "fields"} with `status`."""


class ReportError(Exception):
    code = "invalid"
    status = 400

    def __init__(self, message, fields=None):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class InvalidReport(ReportError):
    code = "invalid"
    status = 400


class NotAllowed(ReportError):
    code = "forbidden"
    status = 403


class NotFound(ReportError):
    code = "not_found"
    status = 404


class Conflict(ReportError):
    """The edit was based on an old version of the report, or the state does not allow it."""

    code = "conflict"
    status = 409


class PeriodClosed(ReportError):
    code = "period_closed"
    status = 409


class InvalidUpload(ReportError):
    """An Excel upload that cannot be imported; `rows` lists every bad row and why."""

    code = "invalid_upload"
    status = 400

    def __init__(self, message, rows=None):
        super().__init__(message, fields={"rows": rows or []})
        self.rows = rows or []


class InvalidAttachment(ReportError):
    """A 佐证材料 file of a kind that is not accepted, damaged, or named as another kind."""

    code = "invalid_file"
    status = 400


class AttachmentTooLarge(ReportError):
    code = "too_large"
    status = 413


class TooManyAttachments(ReportError):
    """The report already holds as many files as settings.ATTACHMENT_MAX_COUNT allows."""

    code = "too_many_files"
    status = 409
