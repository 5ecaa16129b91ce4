"""Dashboard table rows written in Python (reports/templatetags/tables.py) escape what the
template escaped: text from reports, units and tasks never becomes markup."""

from django.template import Context, Template
from django.utils.safestring import mark_safe

from reports.dashboards.tables import Cell, Column, Table


def _render(table):
    return Template("{% load tables %}{% table_rows table %}").render(Context({"table": table}))


def test_every_part_of_a_cell_is_escaped():
    table = Table("t", "表", [Column("任务"), Column("单位")])
    table.add(
        Cell("x", '<script>alert("1")</script>', url='/x/?a=1&b="2"', css="num"),
        Cell("y", "州财政局 & 凯里市", title="<b>全称</b>", dot="light light-red"),
    )
    html = _render(table)
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&quot;1&quot;)&lt;/script&gt;" in html
    assert 'href="/x/?a=1&amp;b=&quot;2&quot;"' in html
    assert 'title="&lt;b&gt;全称&lt;/b&gt;"' in html
    assert html.startswith('<tr><td class="num"><a href=')
    assert '<span class="light light-red"></span> 州财政局 &amp; 凯里市' in html


def test_safe_text_stays_as_it_is_and_an_empty_table_says_so():
    table = Table("t", "表", [Column("a"), Column("b"), Column("c")])
    table.add(Cell(1, mark_safe("<em>1</em>")), Cell(2, "2"), Cell(3, "3"))
    assert "<em>1</em>" in _render(table)
    empty = _render(Table("e", "空", [Column("a"), Column("b")]))
    assert empty == '<tr><td colspan="2" class="muted">没有数据</td></tr>'
