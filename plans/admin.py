from django.contrib import admin

from plans.models import Plan, Region, Section, Unit, UnitAlias


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
    show_change_link = True


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["title", "region", "level", "year_start", "year_end", "layout", "loaded_at"]
    list_filter = ["level", "layout", "region"]
    search_fields = ["title", "key", "source"]
    readonly_fields = ["source_sha256", "loaded_at", "warnings"]
    inlines = [SectionInline]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "plan", "key", "parent"]
    list_filter = ["plan"]
    search_fields = ["title"]
