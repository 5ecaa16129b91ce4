"""The rows of a dashboard table (reports/dashboards/tables.py), written in Python: a
province's overview holds thousands of cells, and the template language's loops over them
took most of the page's time. The same markup templates/dashboards/_table.html used to write,
escaped as the template escaped it."""

from html import escape

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


def _escaped(value):
    """What the template's autoescape writes: safe strings as they are, the rest escaped
    (html.escape, as django.utils.html.escape does)."""
    return value.__html__() if hasattr(value, "__html__") else escape(str(value))


def _cell(cell):
    title = f' title="{_escaped(cell.title)}"' if cell.title else ""
    dot = f'<span class="{_escaped(cell.dot)}"></span> ' if cell.dot else ""
    text = _escaped(cell.text)
    body = f'<a href="{_escaped(cell.url)}">{text}</a>' if cell.url else text
    return f'<td class="{_escaped(cell.css)}"{title}>{dot}{body}</td>'


@register.simple_tag
def table_rows(table):
    """The table's <tr> rows, or one row saying there is nothing."""
    if not table.rows:
        return format_html(
            '<tr><td colspan="{}" class="muted">没有数据</td></tr>', len(table.columns)
        )
    return mark_safe(
        "\n".join("<tr>" + "".join(_cell(cell) for cell in row) + "</tr>" for row in table.rows)
    )
