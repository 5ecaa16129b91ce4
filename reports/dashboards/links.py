"""Where each number leads: URLs of the dashboard pages, and who may open a unit's page."""

from urllib.parse import urlencode

from django.urls import reverse

from progress import roles


def may_open_unit(user, unit_id):
    """Office and readers open any unit's page; reporters and leaders their own unit's only."""
    if roles.sees_everything(user):
        return True
    unit = roles.unit_of(user)
    return roles.is_reporting_user(user) and unit is not None and unit.pk == unit_id


def _with(url, **params):
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")}, doseq=True)
    return f"{url}?{query}" if query else url


class Links:
    """URL builders for one viewer: a unit link is empty where the viewer may not open it."""

    def __init__(self, user, plan=None, period=None):
        self.user = user
        self.plan = plan
        self.period = period
        self._paths = {}  # (url name, args): path; a page links hundreds of cells
        self._may_open = {}  # unit id: bool

    def _path(self, name, *args):
        key = (name, args)
        if key not in self._paths:
            self._paths[key] = reverse(name, args=args)
        return self._paths[key]

    def scope(self):
        """Who these links are for, as far as they depend on it (may_open_unit): answers built
        with them are kept per scope (reports/figures_cache.py)."""
        if roles.sees_everything(self.user):
            return "all"
        unit = roles.unit_of(self.user)
        return f"unit-{unit.pk}" if roles.is_reporting_user(self.user) and unit else "none"

    @property
    def _label(self):
        return self.period.label if self.period else None

    def overview(self, plan=None, period=None):
        plan = plan or self.plan
        label = period.label if period else self._label
        return _with(self._path("dashboards:overview", plan.key), period=label)

    def task_list(self, **filters):
        return _with(
            self._path("dashboards:task_list", self.plan.key), period=self._label, **filters
        )

    def task(self, task_id):
        return self._path("dashboards:task", task_id)

    def unit(self, unit_id, period=None):
        if unit_id not in self._may_open:
            self._may_open[unit_id] = may_open_unit(self.user, unit_id)
        if not self._may_open[unit_id]:
            return ""
        label = period.label if period else self._label
        plan = self.plan.key if self.plan else None
        return _with(self._path("dashboards:unit", unit_id), plan=plan, period=label)

    def region(self, region):
        return self._path("dashboards:region", region.code)

    def download(self, page_url, table):
        """The .xlsx of `table` on the page at page_url (keeping its query)."""
        path, _, query = page_url.partition("?")
        url = f"{path}download/{table}/"
        return f"{url}?{query}" if query else url
