"""Errors of the plans room raised by its services, with a message for people."""


class PlanSettingsError(ValueError):
    """A plan's own settings (reporting deadlines, red-light threshold) refused."""

    def __init__(self, message, field="reporting_deadlines"):
        super().__init__(message)
        self.message = message
        self.field = field
