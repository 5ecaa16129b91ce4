class PlanLoadError(ValueError):
    """A parse cannot be loaded (unknown region, missing fields ...). Nothing was written."""
