"""Forms of the reporting pages: they parse input; the services decide what is allowed."""

from django import forms
from django.core.validators import ProhibitNullCharactersValidator

from progress.models import ProgressReport
from progress.text import text_limit, text_shown
from tasks.amounts import from_written, number_text, to_written


class TextField(forms.CharField):
    """Text a person types: the services check it (progress/text.py: control characters,
    length) so the page says what the API says; the textarea stops at the limit where the
    browser can. Django's own NUL check is left to them."""

    def __init__(self, *, kind, rows, **kwargs):
        limit = text_limit(kind)
        kwargs.setdefault("required", False)
        # Blanks are the services' to strip, after their check (see progress/text.py).
        kwargs.setdefault("strip", False)
        kwargs["widget"] = forms.Textarea(attrs={"rows": rows, "maxlength": limit})
        super().__init__(**kwargs)
        self.validators = [
            v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)
        ]


class ReportForm(forms.Form):
    """A unit's report on one task: the text fields, and one value per target asked in the
    period (selectors.asked_targets), typed in the target's written unit (亿元 for a target
    written 4.2亿元); the percent where the period asks for no values."""

    narrative = TextField(label="进展情况", kind="report", rows=5)
    percent = forms.DecimalField(
        label="完成百分比（%）",
        required=False,
        min_value=0,
        max_value=100,
        decimal_places=2,
        help_text="本期没有要求填报的数值目标时，按完成百分比计算完成率。",
        error_messages={
            "min_value": "完成百分比须在 0 到 100 之间。",
            "max_value": "完成百分比须在 0 到 100 之间。",
            "invalid": "完成百分比必须是数字。",
        },
    )
    problems = TextField(label="存在问题", kind="report", rows=3, help_text="任务滞后时必须填写。")
    next_steps = TextField(label="下步打算", kind="report", rows=3)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, asked=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.asked = list(asked)
        if self.asked:
            self.fields["percent"].help_text = "本期按下列数值目标计算完成率，完成百分比仅供参考。"
        for item in self.asked:
            unit = item.input_unit
            self.fields[f"value_{item.target.pk}"] = forms.DecimalField(
                label=f"{item.label}实际值" + (f"（{unit}）" if unit else ""),
                required=False,
                min_value=0,
                max_digits=24,
                decimal_places=6,
                error_messages={
                    "min_value": "实际值不能为负数。",
                    "invalid": "实际值必须是数字。",
                    "max_digits": "实际值位数过多，请检查单位与数位。",
                    "max_decimal_places": "实际值最多保留 6 位小数。",
                    "max_whole_digits": "实际值过大，请检查单位与数位。",
                },
                help_text=f"按“{unit}”填写年初至今的实际数。" if unit else "填写年初至今的实际数。",
            )

    @classmethod
    def initial_for(cls, report, asked=()):
        if report is None:
            return {"version": ""}
        initial = {
            "narrative": text_shown(report.narrative),
            "percent": number_text(report.percent),
            "problems": text_shown(report.problems),
            "next_steps": text_shown(report.next_steps),
            "version": report.version,
        }
        targets = {item.target.pk: item.target for item in asked}
        for value in report.values.all():
            if value.target_id in targets:
                written = to_written(value.value, targets[value.target_id])
                initial[f"value_{value.target_id}"] = number_text(written)
        return initial

    def value_fields(self):
        return [self[f"value_{item.target.pk}"] for item in self.asked]

    def service_data(self):
        """What the services take: values back in each target's stored unit."""
        data = {key: self.cleaned_data[key] for key in ("narrative", "problems", "next_steps")}
        data["percent"] = self.cleaned_data["percent"]
        data["values"] = {
            item.target.pk: from_written(self.cleaned_data[f"value_{item.target.pk}"], item.target)
            for item in self.asked
            if self.cleaned_data.get(f"value_{item.target.pk}") is not None
        }
        return data

    def add_service_error(self, error):
        """Show a service error beside the fields it names, else at the top of the form."""
        placed = False
        for field, message in (error.fields or {}).items():
            name = field if field in self.fields else None
            if field == "values" and isinstance(message, dict):
                for target_id, text in message.items():
                    if f"value_{target_id}" in self.fields:
                        self.add_error(f"value_{target_id}", text)
                        placed = True
                continue
            if name and name != "version":
                self.add_error(name, str(message))
                placed = True
        if not placed:
            self.add_error(None, error.message)


class ReviewForm(forms.Form):
    comment = TextField(label="审核意见", kind="comment", rows=3)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReviewFilterForm(forms.Form):
    plan = forms.ChoiceField(label="计划", required=False)
    period = forms.CharField(
        label="报告期", required=False, widget=forms.TextInput(attrs={"placeholder": "2022Q3"})
    )
    unit = forms.ChoiceField(label="单位", required=False)
    state = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部")] + list(ProgressReport.State.choices)
    )

    def __init__(self, *args, plans=(), units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = [("", "全部计划")] + [(p.key, p.title) for p in plans]
        self.fields["unit"].choices = [("", "全部单位")] + [(str(u.pk), u.name) for u in units]


class UploadForm(forms.Form):
    file = forms.FileField(label="填好的 Excel 模板（.xlsx）")
