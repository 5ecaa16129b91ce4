from django.contrib import admin
from django.db.models import Prefetch
from django.utils.html import format_html_join

from plans.models import Unit
from tasks.models import Indicator, Target, Task, TaskAssignment
from tasks.services import task_review


class LeadUnitFilter(admin.SimpleListFilter):
    title = "牵头单位"
    parameter_name = "lead_unit"

    def lookups(self, request, model_admin):
        units = Unit.objects.filter(assignments__role=TaskAssignment.Role.LEAD).distinct()
        return [(u.pk, u.name) for u in units.order_by("name")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(
                assignments__role=TaskAssignment.Role.LEAD, assignments__unit_id=self.value()
            )
        return queryset


class AssignmentInline(admin.TabularInline):
    """The office may add a unit the document leaves out (a lead unit for a 专栏 item);
    a reload keeps what it added. The document's own assignments come from the file."""

    model = TaskAssignment
    extra = 0
    fields = ["role", "unit", "as_written", "added_by_office"]
    readonly_fields = ["as_written", "added_by_office"]
    autocomplete_fields = ["unit"]


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    fk_name = "task"
    fields = [
        "source_field",
        "metric",
        "comparator",
        "value",
        "unit",
        "value_as_written",
        "due_year",
        "due_quarter",
        "cumulative",
        "decreasing",
        "annual",
    ]
    readonly_fields = fields


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["number", "short_target", "plan", "section", "lead_units", "needs_review"]
    list_display_links = ["number", "short_target"]
    list_filter = ["plan", "section", LeadUnitFilter, "needs_review"]
    search_fields = [
        "number",
        "title",
        "annual_target",
        "q1_plan",
        "q2_plan",
        "q3_plan",
        "q4_plan",
        "assignments__unit__name",
    ]
    # The task's text comes from its document: change it with a correction and a reload.
    readonly_fields = [
        "plan",
        "section",
        "number",
        "title",
        "annual_target",
        "q1_plan",
        "q2_plan",
        "q3_plan",
        "q4_plan",
        "remarks",
        "needs_review",
        "warning_list",
        "corrections",
        "reviewed_by",
        "reviewed_at",
    ]
    exclude = ["warnings", "reviewed_warnings", "order"]
    inlines = [AssignmentInline, TargetInline]
    actions = ["mark_reviewed"]
    list_per_page = 100

    def get_queryset(self, request):
        leads = TaskAssignment.objects.filter(role=TaskAssignment.Role.LEAD).select_related("unit")
        return (
            super()
            .get_queryset(request)
            .select_related("plan", "section")
            .prefetch_related(Prefetch("assignments", queryset=leads, to_attr="lead_assignments"))
        )

    @admin.display(description="年度目标任务")
    def short_target(self, task):
        text = task.title or task.annual_target
        return text[:60] + ("…" if len(text) > 60 else "")

    @admin.display(description="牵头单位")
    def lead_units(self, task):
        return "、".join(a.unit.name for a in task.lead_assignments)

    @admin.display(description="解析提示")
    def warning_list(self, task):
        if not task.warnings:
            return "无"
        return format_html_join(
            "",
            "<p>{}{}</p>",
            (
                (w["message"], "（已由更正复核）" if w.get("reviewed") else "")
                for w in task.warnings
            ),
        )

    def has_add_permission(self, request):
        return False

    def save_formset(self, request, form, formset, change):
        for assignment in formset.save(commit=False):
            if assignment.pk is None:
                assignment.added_by_office = True
                assignment.as_written = assignment.as_written or assignment.unit.name
            assignment.save()
        for assignment in formset.deleted_objects:
            assignment.delete()

    @admin.action(description="标记所选任务的解析提示为已复核")
    def mark_reviewed(self, request, queryset):
        for task in queryset:
            task_review(task=task, user=request.user)
        self.message_user(request, f"已复核 {queryset.count()} 项任务。")


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    """Targets are read from the task text; read-only here."""

    list_display = ["task", "metric", "comparator", "value", "unit", "period_label", "cumulative"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return request.method in ("GET", "HEAD")

    list_filter = ["task__plan", "cumulative", "comparator"]
    search_fields = ["metric", "source_text", "task__number"]

    @admin.display(description="到期")
    def period_label(self, target):
        return target.period_label


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "plan", "unit", "baseline", "target", "annual", "attribute", "year"]
    list_filter = ["plan", "attribute", "year"]
    search_fields = ["name"]


@admin.register(TaskAssignment)
class TaskAssignmentAdmin(admin.ModelAdmin):
    """Browse assignments; add a unit to a task from the task's own page."""

    list_display = ["task", "role", "unit", "as_written", "added_by_office"]
    list_filter = ["role", "task__plan", "added_by_office"]
    search_fields = ["unit__name", "as_written", "task__number"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return request.method in ("GET", "HEAD")
