"""Pages of the progress reports, however deep: the page's ids first (an index-only scan of
the ordered ids, skipping the rows before the page without reading them), then those rows
with their relations. A page past the middle is read from the end (the same index scanned
backwards), so the last page skips no more than the first. With plain offsets the last page
of a million reports read the whole period with its joins. The total comes from the counts
the database keeps when the list is one the filters can count so (`kept_count`,
progress/api/filters.py), instead of counting a period's million reports on every page."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property
from rest_framework.pagination import PageNumberPagination


class KeysFirstPaginator(Paginator):
    @cached_property
    def count(self):
        """The list's total: `kept_count()` when the filters set it on the queryset they
        return (ReportFilter.filter_queryset); a copy of that queryset has none, and is
        counted."""
        kept_count = getattr(self.object_list, "kept_count", None)
        return kept_count() if kept_count is not None else super().count

    def page(self, number):
        if not hasattr(self.object_list, "values_list"):  # a list (a report's history)
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        keys = self.object_list.values_list("pk", flat=True)
        if bottom > self.count - top:
            # The list's order is total (the reports' unique key), so reversed it is the same
            # rows backwards.
            ids = list(keys.reverse()[self.count - top : self.count - bottom])[::-1]
        else:
            ids = list(keys[bottom:top])
        rows = {row.pk: row for row in self.object_list.filter(pk__in=ids).order_by()}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)


class KeysFirstPagination(PageNumberPagination):
    django_paginator_class = KeysFirstPaginator
