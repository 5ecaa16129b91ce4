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

    @property
    def _label(self):
        return self.period.label if self.period else None

    def overview(self, plan=None, period=None):
        plan = plan or self.plan
        label = period.label if period else self._label
        return _with(reverse("dashboards:overview", args=[plan.key]), period=label)

    def task_list(self, **filters):
        return _with(
            reverse("dashboards:task_list", args=[self.plan.key]), period=self._label, **filters
        )

    def task(self, task_id):
        return reverse("dashboards:task", args=[task_id])

    def unit(self, unit_id, period=None):
        if not may_open_unit(self.user, unit_id):
            return ""
        label = period.label if period else self._label
        plan = self.plan.key if self.plan else None
        return _with(reverse("dashboards:unit", args=[unit_id]), plan=plan, period=label)

    def region(self, region):
        return reverse("dashboards:region", args=[region.code])

    def download(self, page_url, table):
        """The .xlsx of `table` on the page at page_url (keeping its query)."""
        path, _, query = page_url.partition("?")
        url = f"{path}download/{table}/"
        return f"{url}?{query}" if query else url
