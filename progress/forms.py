"""Forms of the reporting pages: they parse input; the services decide what is allowed."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django import forms

from progress.models import ProgressReport
from progress.services.shares import ShareRow
from tasks.amounts import from_written, number_text, to_written


class ReportForm(forms.Form):
    """A unit's report on one task: the text fields, and one value per target asked in the
    period (selectors.asked_targets), typed in the target's written unit (亿元 for a target
    written 4.2亿元); the percent where the period asks for no values."""

    narrative = forms.CharField(
        label="进展情况", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
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
    problems = forms.CharField(
        label="存在问题",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="任务滞后时必须填写。",
    )
    next_steps = forms.CharField(
        label="下步打算", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
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
            "narrative": report.narrative,
            "percent": number_text(report.percent),
            "problems": report.problems,
            "next_steps": report.next_steps,
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


def _decimal_or_none(text):
    try:
        return Decimal(str(text).strip().replace(",", "")) if str(text or "").strip() else None
    except InvalidOperation:
        return None


@dataclass
class ShareCell:
    """One cell of the shares grid as the page shows it."""

    column: object  # selectors.ShareColumn
    share: object  # TargetShare or None
    field: object  # bound fields: the value, the share's version, the value shown
    version: object
    was: object
    note: str = ""


class SharesForm(forms.Form):
    """The shares grid of one task (selectors.ShareLayout): a value per (annual target,
    responsible unit) typed in the target's written unit, with the share's version and the
    value the page showed kept hidden beside it. Only the cells a person changed are saved
    (rows()); a blank cell where a share was removes it."""

    def __init__(self, *args, layout, **kwargs):
        super().__init__(*args, **kwargs)
        self.layout = layout
        self.notes = {}
        for column in layout.columns:
            for unit in layout.units:
                name = self.name(column.target, unit)
                self.fields[name] = forms.DecimalField(
                    label=f"{unit.name}：{column.target.metric}（{column.input_unit}）",
                    required=False,
                    min_value=0,
                    max_digits=24,
                    decimal_places=6,
                    widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 8}),
                    error_messages={
                        "min_value": "分解目标值不能为负数。",
                        "invalid": "分解目标值必须是数字。",
                        "max_digits": "分解目标值位数过多，请检查单位与数位。",
                        "max_decimal_places": "分解目标值最多保留 6 位小数。",
                        "max_whole_digits": "分解目标值过大，请检查单位与数位。",
                    },
                )
                self.fields[f"{name}-version"] = forms.IntegerField(
                    required=False, min_value=1, widget=forms.HiddenInput
                )
                self.fields[f"{name}-was"] = forms.CharField(
                    required=False, widget=forms.HiddenInput
                )

    @staticmethod
    def name(target, unit):
        return f"share-{target.pk}-{unit.pk}"

    @classmethod
    def current(cls, layout):
        """{field: value} of the shares as they are now (the page's initial data)."""
        data = {}
        for column in layout.columns:
            for unit in layout.units:
                name = cls.name(column.target, unit)
                share = column.shares.get(unit.pk)
                shown = number_text(to_written(share.value, column.target)) if share else ""
                data[name] = data[f"{name}-was"] = shown
                data[f"{name}-version"] = share.version if share else ""
        return data

    def typed_changed(self, name):
        """Whether the cell's value differs from the one the page showed."""
        typed = _decimal_or_none(self.data.get(name, ""))
        return typed != _decimal_or_none(self.data.get(f"{name}-was", ""))

    @classmethod
    def after_conflict(cls, data, *, layout, message, notes):
        """The form again after a save refused as stale: what the person changed is kept as
        typed, every other cell shows the share as it is now, and every version is the
        current one, so that saving again applies the changes knowingly."""
        fresh = cls.current(layout)
        before = cls(data, layout=layout)
        merged = dict(fresh)
        for column in layout.columns:
            for unit in layout.units:
                name = cls.name(column.target, unit)
                if before.typed_changed(name):
                    merged[name] = data.get(name, "")
        form = cls(merged, layout=layout)
        form.is_valid()
        form.add_error(None, message)
        form.notes = notes
        return form

    def rows(self):
        """[services.ShareRow] of the cells changed, values in the stored unit."""
        rows = []
        for column in self.layout.columns:
            for unit in self.layout.units:
                name = self.name(column.target, unit)
                if not self.typed_changed(name):
                    continue
                value = self.cleaned_data.get(name)
                rows.append(
                    ShareRow(
                        target=column.target,
                        unit=unit,
                        value=from_written(value, column.target),
                        version=self.cleaned_data.get(f"{name}-version"),
                        key=name,
                    )
                )
        return rows

    def grid(self):
        """[(unit, is a county, [ShareCell])] in the layout's order."""
        return [
            (
                unit,
                unit.pk in self.layout.counties,
                [
                    ShareCell(
                        column=column,
                        share=column.shares.get(unit.pk),
                        field=self[(name := self.name(column.target, unit))],
                        version=self[f"{name}-version"],
                        was=self[f"{name}-was"],
                        note=self.notes.get(name, ""),
                    )
                    for column in self.layout.columns
                ],
            )
            for unit in self.layout.units
        ]


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label="审核意见", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
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
