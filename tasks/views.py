"""Importing a plan file: upload, review the parse with its warnings, confirm or discard."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from plans.models import Plan, Region
from plans.parsing import LAYOUTS
from plans.parsing.errors import NotAPlanError
from tasks import services
from tasks.errors import PlanLoadError
from tasks.models import PlanImport

IMPORT_PERMISSION = "tasks.add_planimport"


class ImportForm(forms.Form):
    file = forms.FileField(
        label="计划文件（.txt 文本，或 .xlsx、.docx 计划表）",
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.xlsx,.docx"}),
    )
    layout = forms.ChoiceField(
        label="版式",
        required=False,
        choices=[("", "自动识别")] + [(name, Plan.Layout(name).label) for name in LAYOUTS],
    )


@login_required
@permission_required(IMPORT_PERMISSION, raise_exception=True)
def plan_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                created = services.plan_import_create(
                    user=request.user,
                    data=upload.read(services.IMPORT_MAX_BYTES + 1),
                    name=upload.name,
                    layout=form.cleaned_data["layout"],
                )
                return redirect("tasks:import_review", pk=created.pk)
            except NotAPlanError as exc:
                form.add_error("file", f"未导入：{exc}")
        status = 400
    recent = PlanImport.objects.select_related("created_by", "plan")[:10]
    return render(request, "tasks/import.html", {"form": form, "recent": recent}, status=status)


def _label(choices, value):
    """The Chinese label of a parse's value (layout, level); "" where it is not one."""
    return dict(choices.choices).get(value, "")


@login_required
@permission_required(IMPORT_PERMISSION, raise_exception=True)
def plan_import_review(request, pk):
    plan_import = get_object_or_404(PlanImport, pk=pk)
    parse = plan_import.parse
    info = parse["plan"]
    tasks = parse["tasks"]
    return render(
        request,
        "tasks/import_review.html",
        {
            "plan_import": plan_import,
            "info": info,
            "parse": parse,
            "tasks": tasks,
            "flagged": sum(1 for t in tasks if services.needs_review(t.get("warnings", []), [])),
            "targets": sum(len(t.get("targets", [])) for t in tasks),
            "existing": Plan.objects.filter(key=plan_import.key).first(),
            "region_known": Region.objects.filter(short_name=info.get("region")).exists(),
            "layout_label": _label(Plan.Layout, info.get("layout")),
            "level_label": _label(Plan.Level, info.get("level")),
        },
    )


@login_required
@permission_required(IMPORT_PERMISSION, raise_exception=True)
@require_POST
def plan_import_decide(request, pk):
    plan_import = get_object_or_404(PlanImport, pk=pk)
    if request.POST.get("action") == "discard":
        services.plan_import_discard(user=request.user, plan_import=plan_import)
        messages.success(request, "已放弃本次导入，数据库未改动。")
        return redirect("tasks:import")
    try:
        plan = services.plan_import_confirm(user=request.user, plan_import=plan_import)
    except PlanLoadError as exc:
        messages.error(request, f"未载入：{exc}")
        return redirect("tasks:import_review", pk=pk)
    flagged = plan.tasks.filter(needs_review=True).count()
    messages.success(
        request, f"已载入“{plan.title}”：{plan.tasks.count()} 项任务，{flagged} 项待复核。"
    )
    return redirect(f"/admin/tasks/task/?plan__id__exact={plan.pk}")
