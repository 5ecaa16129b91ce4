"""Pages of the progress reports, however deep: the page's ids first (an index-only scan of
the ordered ids, skipping the rows before the page without reading them), then those rows
with their relations. With plain offsets the last page of a million reports read the whole
period with its joins."""

from django.core.paginator import Paginator
from rest_framework.pagination import PageNumberPagination


class KeysFirstPaginator(Paginator):
    def page(self, number):
        if not hasattr(self.object_list, "values_list"):  # a list (a report's history)
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in self.object_list.filter(pk__in=ids).order_by()}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)


class KeysFirstPagination(PageNumberPagination):
    django_paginator_class = KeysFirstPaginator
