"""Many rows inserted in one statement, without a model object per row; many ids looked up
as one parameter (the `any` lookup).

`bulk_create` builds a model object for every row and prepares every field of it in Python:
about 30 µs a report row, more than the database takes to store it. An Excel upload writes
hundreds of reports, their values and twice as many events at once. On PostgreSQL the rows
go as one array per column to `INSERT ... SELECT * FROM unnest(...)`, the statement that
`bulk_create` sends itself, but with each column as one array literal ('{1,2,3}'): passed as
ARRAY[1, 2, 3], every element is a constant the server parses and plans, which took as long
as storing the rows. On any other database (SQLite on a laptop) `bulk_create` is used.

Shared by the rooms that write in bulk (progress, reports); here, in the lowest room, so that
none imports a higher one.
"""

import datetime
import json

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Lookup
from django.utils import timezone


def _columns(model, given):
    """The model's concrete fields but its auto id, in declaration order; each given or
    defaulted."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    unknown = set(given) - {f.attname for f in fields}
    if unknown:
        raise ValueError(f"{model.__name__} has no column {sorted(unknown)}")
    return fields


def _default(field, now):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    return field.get_default()


def _element(value):
    """One element of a PostgreSQL array literal: NULL, a number, or a double-quoted text
    (backslash before a double quote or a backslash)."""
    kind = type(value)
    if kind is int or kind is float:
        return str(value)
    if value is None:
        return "NULL"
    if kind is bool:
        return "true" if value else "false"
    if kind is str:
        text = value
    elif isinstance(value, datetime.date):
        text = value.isoformat()
    else:
        text = str(value)  # Decimal, and what else reads back from its text
    if "\\" in text or '"' in text:
        text = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def array_literal(values):
    """The PostgreSQL array literal of `values` ('{1,NULL,"a \\"b\\""}'). A value repeated
    (the same object: a time, a unit's id) is written out once."""
    parts, last, text = [], object(), ""
    for value in values:
        if value is not last:
            last, text = value, _element(value)
        parts.append(text)
    return "{" + ",".join(parts) + "}"


def _column(field, rows, now):
    """The array literal of field's column in rows (its default where a row leaves it out)."""
    name = field.attname
    default = _default(field, now)
    values = [row.get(name, default) for row in rows]
    if field.get_internal_type() == "JSONField":
        values = [json.dumps(v, cls=field.encoder, ensure_ascii=False) for v in values]
    return array_literal(values)


def rows_insert(model, rows, *, unique_fields=(), update_fields=()):
    """Insert `rows` (dicts of attname -> Python value: str, int, Decimal, an aware datetime,
    a dict for a JSON field) into model's table, in one statement; a column a row leaves out
    takes its default (the time now for auto_now fields). Returns the new ids, in the rows'
    order (PostgreSQL returns the rows of an INSERT from unnest as it read them, which
    bulk_create relies on too).

    For columns of plain values: no database default or generated column, aware datetimes,
    a JSON field never None; a callable default is called once for all the rows.

    With unique_fields and update_fields (attnames), a row whose unique_fields exist already
    updates those fields instead (an upsert, as bulk_create's update_conflicts); the ids are
    then of the rows inserted or updated."""
    if not rows:
        return []
    fields = _columns(model, set().union(*rows))
    if connection.vendor != "postgresql":
        upsert = {"update_conflicts": True} if update_fields else {}
        if upsert:
            upsert.update(unique_fields=list(unique_fields), update_fields=list(update_fields))
        objects = model.objects.bulk_create([model(**row) for row in rows], **upsert)
        return [obj.pk for obj in objects]
    now = timezone.now()
    arrays = [_column(f, rows, now) for f in fields]
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    # Cast to the type without its length (varchar, not varchar(150)): an explicit cast to
    # varchar(150) cuts a longer text, where storing it into the column refuses it.
    casts = ", ".join(f"%s::{f.db_type(connection).split('(')[0]}[]" for f in fields)
    pk = connection.ops.quote_name(model._meta.pk.column)
    sql = f"INSERT INTO {table} ({names}) SELECT * FROM unnest({casts})"
    if update_fields:
        column = {f.attname: connection.ops.quote_name(f.column) for f in fields}
        updates = ", ".join(f"{column[a]} = EXCLUDED.{column[a]}" for a in update_fields)
        conflict = ", ".join(column[a] for a in unique_fields)
        sql += f" ON CONFLICT ({conflict}) DO UPDATE SET {updates}"
    sql += f" RETURNING {pk}"
    with connection.cursor() as cursor:
        cursor.execute(sql, arrays)
        return [row[0] for row in cursor.fetchall()]


class AnyId(Lookup):
    """`task__any=ids`: the rows whose id (or foreign key) is one of `ids` (ints), as `__in`.
    On PostgreSQL the ids go as one array literal (`task_id = ANY('{1,2,3}'::bigint[])`):
    Django's `__in` prepares and binds each id on its own, 4 ms of Python for the 520 tasks
    of an Excel upload, in each of the upload's queries by its tasks or reports. Elsewhere,
    as `__in`. Registered on the id and foreign key fields (plans/apps.py)."""

    lookup_name = "any"
    prepare_rhs = False
    can_use_none_as_rhs = False

    def get_prep_lookup(self):
        return [int(value) for value in self.rhs]

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        ids = self.rhs
        if not ids:
            raise EmptyResultSet
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s::bigint[])", [*params, array_literal(ids)]
        return f"{lhs} IN ({', '.join(['%s'] * len(ids))})", [*params, *ids]
