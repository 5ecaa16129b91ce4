"""Reads for the dashboards' region view, each in a fixed number of queries as every
dashboard read: a region with the regions below it and their plans, and the drill-down
between levels (the regions above, a region's governments and their rows as lower
governments)."""

from django.db.models import Q

from plans.models import Plan, Region
from reports.models import SnapshotEntry, SnapshotUnit


def region_tree(region):
    """The region and every region below it (province > prefecture > county), by code."""
    return list(
        Region.objects.filter(Q(pk=region.pk) | Q(parent=region) | Q(parent__parent=region))
        .select_related("parent")
        .order_by("code")
    )


def region_plans(regions):
    return (
        Plan.objects.filter(region__in=regions)
        .select_related("region")
        .prefetch_related("periods")
        .order_by("region__code", "-year_start", "key")
    )


# The region view's drill-down: a region's governments in the plans of the regions above it,
# and the governments below it in its own plans.


def region_ancestors(region):
    """The regions above `region`, nearest first (its parent, then the province)."""
    found, current = [], region.parent
    while current is not None:
        found.append(current)
        current = current.parent
    return found


def region_governments(region):
    """The region's own government units (Unit kind=government of the region)."""
    from plans.models import Unit

    return list(
        Unit.objects.filter(region=region, kind=Unit.Kind.GOVERNMENT)
        .select_related("region")
        .order_by("name")
    )


def lower_government_rows(snapshots):
    """SnapshotUnit rows of the lower governments (role county: counties in a prefecture's
    plan, prefectures in the province's) of several snapshots, with their unit's region."""
    return (
        SnapshotUnit.objects.filter(snapshot__in=list(snapshots), role=SnapshotEntry.Role.COUNTY)
        .select_related("unit", "unit__region", "snapshot", "snapshot__period")
        .order_by("snapshot_id", "rank")
    )


def government_rows(snapshots, units):
    """The SnapshotUnit rows of `units` as lower governments in several snapshots."""
    return (
        SnapshotUnit.objects.filter(
            snapshot__in=list(snapshots), unit__in=list(units), role=SnapshotEntry.Role.COUNTY
        )
        .select_related("unit", "snapshot", "snapshot__period")
        .order_by("snapshot_id")
    )


def government_entries(snapshots, units):
    """The expected reports (SnapshotEntry) of `units` in several snapshots, with the task and
    what each row's own sentence needs, in plan order."""
    return (
        SnapshotEntry.objects.filter(snapshot__in=list(snapshots), unit__in=list(units))
        .select_related("task", "unit", "snapshot", "snapshot__period")
        .order_by("snapshot_id", "task__order", "unit__name")
    )
