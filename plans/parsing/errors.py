class NotAPlanError(ValueError):
    """The input is not a plan document this system can read."""


class CorrectionError(ValueError):
    """A corrections file does not fit the parse it is applied to."""
