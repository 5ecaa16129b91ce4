"""Forms of the review pages: the queue's filters, and the bulk review of the reports chosen."""

from django import forms

from progress.models import ProgressReport
from reports import rules
from reports.review.queue import DEFAULT_SORT, LATE_CHOICES, SORTS


class QueueFilterForm(forms.Form):
    """The queue's dropdowns. The period list is the chosen plan's periods, or, with no plan,
    every quarter any plan has (that quarter of every plan). A choice that does not fit
    (another plan's period after the plan changed) is dropped with a message, the other
    filters still apply."""

    plan = forms.ChoiceField(label="计划", required=False)
    period = forms.ChoiceField(
        label="报告期",
        required=False,
        error_messages={"invalid_choice": "所选计划没有报告期 %(value)s，已显示全部报告期。"},
    )
    unit = forms.ChoiceField(label="单位", required=False)
    state = forms.ChoiceField(
        label="报告状态",
        required=False,
        choices=[("", "全部状态"), *ProgressReport.State.choices],
    )
    light = forms.ChoiceField(
        label="亮灯", required=False, choices=[("", "全部"), *rules.LIGHT_LABELS.items()]
    )
    status = forms.ChoiceField(
        label="完成情况", required=False, choices=[("", "全部"), *rules.STATUS_LABELS.items()]
    )
    late = forms.ChoiceField(
        label="逾期", required=False, choices=[("", "全部"), *LATE_CHOICES.items()]
    )
    sort = forms.ChoiceField(label="排序", required=False, choices=list(SORTS.items()))

    def __init__(self, data, *, plans, period_labels, units):
        super().__init__(data)
        self.fields["plan"].choices = [("", "全部计划")] + [(p.key, p.title) for p in plans]
        self.fields["period"].choices = [("", "全部报告期")] + [(x, x) for x in period_labels]
        self.fields["unit"].choices = [("", "全部单位")] + [(str(u.pk), u.name) for u in units]
        self.fields["plan"].widget.attrs.update({"data-autosubmit": "", "data-resets": "period"})

    def value(self, name):
        """The field's cleaned value, or its empty value when it was not a valid choice."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        return self.cleaned_data.get(name) or ""

    @property
    def sort_order(self):
        return self.value("sort") or DEFAULT_SORT


class BulkReviewForm(forms.Form):
    """The reports ticked on a queue page (`ids`), the version each was shown at
    (`version_<id>`, so a report changed since is refused), the action and one comment."""

    ACTIONS = {"approve": "审核通过", "return": "退回"}

    action = forms.ChoiceField(choices=list(ACTIONS.items()))
    comment = forms.CharField(required=False, max_length=2000)
    next = forms.CharField(required=False)

    def __init__(self, data):
        super().__init__(data)
        self.ids = data.getlist("ids")

    def versions(self):
        """{report id: version shown}, for the ids that came with a readable version."""
        versions = {}
        for raw in self.ids:
            version = self.data.get(f"version_{raw}", "")
            if str(raw).isdigit() and version.isdigit():
                versions[int(raw)] = int(version)
        return versions
