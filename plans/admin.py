from django import forms
from django.contrib import admin

from plans.errors import PlanSettingsError
from plans.models import Plan, Region, Section, Unit, UnitAlias
from plans.services import plan_settings_change, reporting_deadlines_clean


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "short_name", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name", "short_name"]


class UnitAliasInline(admin.TabularInline):
    model = UnitAlias
    extra = 0
    fields = ["name", "region"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "kind"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "aliases__name"]
    inlines = [UnitAliasInline]


@admin.register(UnitAlias)
class UnitAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "region"]
    search_fields = ["name", "unit__name"]
    list_filter = ["region"]
    autocomplete_fields = ["unit"]


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    fields = ["key", "numbering", "title", "parent", "order"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["reporting_deadlines", "lag_threshold"]

    def clean_reporting_deadlines(self):
        try:
            return reporting_deadlines_clean(self.cleaned_data["reporting_deadlines"])
        except PlanSettingsError as exc:
            raise forms.ValidationError(exc.message) from None


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    """Plans come from their documents; the office sets only their reporting deadlines and
    red-light threshold here (a reload keeps them)."""

    form = PlanForm
    list_display = ["title", "region", "level", "year_start", "year_end", "layout", "loaded_at"]
    list_filter = ["level", "layout", "region"]
    search_fields = ["title", "key", "source"]
    readonly_fields = [
        "key",
        "title",
        "region",
        "level",
        "year_start",
        "year_end",
        "source",
        "source_sha256",
        "layout",
        "loaded_at",
        "warnings",
    ]
    inlines = [SectionInline]

    def has_add_permission(self, request):
        return False  # plans are imported (导入计划), not typed in

    def save_model(self, request, obj, form, change):
        plan_settings_change(
            plan=obj,
            reporting_deadlines=form.cleaned_data["reporting_deadlines"],
            lag_threshold=form.cleaned_data["lag_threshold"],
        )


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "plan", "key", "parent"]
    list_filter = ["plan"]
    search_fields = ["title"]
