from django.contrib import admin
from django.db.models import Count, Prefetch

from progress.models import Period
from reports import schedules_admin  # noqa: F401  (registers the schedules' admin)
from reports.models import (
    Bulletin,
    BulletinNumber,
    BulletinTemplate,
    Reminder,
    Snapshot,
    SnapshotSection,
    SnapshotTask,
    SnapshotUnit,
)
from tasks.models import Task


class ReminderPeriodFilter(admin.SimpleListFilter):
    """Periods by plan: "2022Q3" alone names a quarter of every plan."""

    title = "报告期"
    parameter_name = "period"

    def lookups(self, request, model_admin):
        periods = (
            Period.objects.filter(reminders__isnull=False)
            .distinct()
            .select_related("plan")
            .order_by("-year", "-quarter", "plan__key")
        )
        return [(p.pk, f"{p.label} · {p.plan.title[:20]}") for p in periods]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(period_id=self.value())
        return queryset


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """催办记录 are the record of what was sent to whom: shown, never added or edited here."""

    list_display = [
        "created_at",
        "kind",
        "period_label",
        "plan_title",
        "unit",
        "task_numbers",
        "recipient_count",
        "emailed",
    ]
    list_filter = ["kind", ReminderPeriodFilter, ("unit", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["period", "period__plan", "unit"]
    search_fields = ["unit__name", "message"]
    date_hierarchy = "created_at"
    fields = ["kind", "period", "unit", "created_at", "message", "tasks", "recipients", "emailed"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(recipient_total=Count("recipients", distinct=True))
            .prefetch_related(Prefetch("tasks", queryset=Task.objects.order_by("order")))
        )

    @admin.display(description="报告期", ordering="period__year")
    def period_label(self, reminder):
        return reminder.period.label

    @admin.display(description="计划", ordering="period__plan__key")
    def plan_title(self, reminder):
        return reminder.period.plan.title

    @admin.display(description="涉及任务（序号）")
    def task_numbers(self, reminder):
        return "、".join(task.number for task in reminder.tasks.all())

    @admin.display(description="接收人数", ordering="recipient_total")
    def recipient_count(self, reminder):
        return reminder.recipient_total

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class SnapshotSectionInline(ReadOnlyInline):
    model = SnapshotSection

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("section")

    fields = [
        "section",
        "tasks",
        "completion",
        "expected",
        "completed",
        "on_schedule",
        "lagging",
        "not_reported",
    ]
    readonly_fields = fields


class SnapshotUnitInline(ReadOnlyInline):
    model = SnapshotUnit

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("unit")

    fields = [
        "role",
        "rank",
        "unit",
        "tasks",
        "completion",
        "reporting_rate",
        "on_time_rate",
        "completed",
        "on_schedule",
        "lagging",
        "not_reported",
    ]
    readonly_fields = fields


class SnapshotTaskInline(ReadOnlyInline):
    model = SnapshotTask

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("task")

    fields = ["task", "expected", "completion", "status", "light", "reason", "late"]
    readonly_fields = fields


@admin.register(Snapshot)
class SnapshotAdmin(admin.ModelAdmin):
    """Completion snapshots, read-only as the jobs computed them."""

    list_display = [
        "plan",
        "period",
        "computed_at",
        "tasks",
        "completed",
        "on_schedule",
        "lagging",
        "not_reported",
        "completion",
        "expected",
        "reporting_rate",
    ]
    list_filter = ["plan", "period__year", "period__quarter"]
    date_hierarchy = "computed_at"
    inlines = [SnapshotSectionInline, SnapshotUnitInline, SnapshotTaskInline]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Snapshot._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Bulletin)
class BulletinAdmin(admin.ModelAdmin):
    list_display = [
        "plan",
        "period",
        "number",
        "trigger",
        "state",
        "requested_at",
        "generated_at",
        "snapshot",
    ]
    list_filter = ["state", "trigger", "plan"]
    list_select_related = ["plan", "period", "number", "snapshot"]
    readonly_fields = [
        "plan",
        "period",
        "number",
        "snapshot",
        "trigger",
        "state",
        "file",
        "document",
        "requested_by",
        "requested_at",
        "started_at",
        "generated_at",
        "error",
    ]

    def has_add_permission(self, request):
        return False


@admin.register(BulletinNumber)
class BulletinNumberAdmin(admin.ModelAdmin):
    """文号 given to bulletins: a record, never edited (a number once given stays given)."""

    list_display = ["__str__", "plan", "period", "allocated_at"]
    list_filter = ["plan", "year"]
    list_select_related = ["plan", "period"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in BulletinNumber._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(BulletinTemplate)
class BulletinTemplateAdmin(admin.ModelAdmin):
    """The wording is edited on the bulletins' template page, where placeholders are checked;
    here it is shown."""

    list_display = ["plan", "office_name", "number_prefix", "updated_at", "updated_by"]
    list_select_related = ["plan", "updated_by"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in BulletinTemplate._meta.fields]

    def has_add_permission(self, request):
        return False
