"""Admin of the progress room: people with their roles, periods, and reports read-only
(reports change only through the pages, the API and Excel, which keep their history)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from progress.history import change_lines
from progress.models import (
    Attachment,
    Period,
    PeriodEvent,
    Profile,
    ProgressReport,
    ReportEvent,
    TargetShare,
    TargetShareEvent,
    TaskClosure,
    TaskEvent,
)
from tasks.models import Target


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    fields = ["role", "unit"]
    autocomplete_fields = ["unit"]
    verbose_name_plural = "角色与所属单位"


class PeopleAdmin(UserAdmin):
    inlines = [ProfileInline]
    list_display = ["username", "full_name", "email", "role", "unit", "is_active"]
    list_filter = ["profile__role", "is_active"]
    search_fields = ["username", "first_name", "last_name", "email", "profile__unit__name"]

    @admin.display(description="姓名", ordering="last_name")
    def full_name(self, user):
        return user.get_full_name() or "—"

    @admin.display(description="角色")
    def role(self, user):
        profile = getattr(user, "profile", None)
        return profile.get_role_display() if profile else "—"

    @admin.display(description="所属单位")
    def unit(self, user):
        profile = getattr(user, "profile", None)
        return profile.unit.name if profile and profile.unit else "—"


admin.site.unregister(User)
admin.site.register(User, PeopleAdmin)


class PeriodEventInline(admin.TabularInline):
    """Closed and reopened: who (the name as it was), when, why."""

    model = PeriodEvent
    extra = 0
    can_delete = False
    fields = ["action", "actor_name", "at", "text"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ["plan", "period_label", "deadline", "closed_at"]
    list_filter = ["plan", "year", "quarter"]
    readonly_fields = ["plan", "year", "quarter", "deadline", "closed_at"]
    fields = readonly_fields
    inlines = [PeriodEventInline]

    @admin.display(description="报告期", ordering="year")
    def period_label(self, period):
        return period.label

    def has_add_permission(self, request):
        return False


class ReportEventInline(admin.TabularInline):
    model = ReportEvent
    extra = 0
    can_delete = False
    fields = ["version", "action", "actor_name", "at", "changes_described", "comment"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="变更内容")
    def changes_described(self, event):
        """The change as the report pages show it (progress.history), not the raw JSON."""
        task_id = event.report.task_id
        if getattr(self, "_targets_of", None) != task_id:  # one read per report page
            self._targets = {t.pk: t for t in Target.objects.filter(task_id=task_id)}
            self._targets_of = task_id
        lines = change_lines(event.changes, self._targets)
        return format_html_join(
            mark_safe("<br>"),
            "{}：{} → {}",
            ((x.label, x.before or "（空）", x.after or "（空）") for x in lines),
        )


class AttachmentInline(admin.TabularInline):
    """佐证材料, shown; added and removed only on the report's pages or through the API (which
    check the file and keep the history)."""

    model = Attachment
    extra = 0
    can_delete = False
    fields = ["name", "content_type", "size", "sha256", "uploaded_by_name", "uploaded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    list_display = ["task", "unit", "period", "state", "submitted_at", "version"]
    list_filter = ["state", "period__plan", "period__year", "period__quarter"]
    search_fields = ["task__number", "unit__name", "narrative"]
    inlines = [AttachmentInline, ReportEventInline]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in ProgressReport._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # Shown, never saved here: a save would touch the row without an event in its history.
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TaskClosure)
class TaskClosureAdmin(admin.ModelAdmin):
    list_display = ["task", "period", "closed_by_name", "closed_at"]
    list_filter = ["period__plan"]
    readonly_fields = ["task", "period", "closed_by_name", "closed_at", "reason", "completion"]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """History rows: shown, never written by hand."""

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TaskEvent)
class TaskEventAdmin(ReadOnlyAdmin):
    list_display = ["task", "action", "period", "actor_name", "at"]
    list_filter = ["action", "task__plan"]


@admin.register(PeriodEvent)
class PeriodEventAdmin(ReadOnlyAdmin):
    list_display = ["period", "action", "actor_name", "at"]
    list_filter = ["action", "period__plan"]


@admin.register(TargetShare)
class TargetShareAdmin(ReadOnlyAdmin):
    list_display = ["target", "unit", "value", "version", "updated_at"]
    list_filter = ["target__task__plan"]
    search_fields = ["unit__name", "target__metric"]


@admin.register(TargetShareEvent)
class TargetShareEventAdmin(ReadOnlyAdmin):
    list_display = ["target", "unit", "action", "before", "after", "actor_name", "at"]
    list_filter = ["action", "target__task__plan"]
