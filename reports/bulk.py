"""Writing many snapshot rows fast: plain tuples straight into the table.

A snapshot of a large plan has hundreds of thousands of expected-report rows; building a
model instance per row and letting the ORM render one INSERT per batch costs far more than
the computation. Here PostgreSQL gets one COPY, other databases one executemany.
"""

import io

from django.db import connection

# How each Python type is written in COPY's csv format (an unquoted empty field is NULL).
_CSV = {
    type(None): lambda v: "",
    bool: lambda v: "t" if v else "f",
    int: repr,
    float: repr,
    str: lambda v: '"' + v.replace('"', '""') + '"',
}


def _csv_value(value):
    write = _CSV.get(type(value))
    if write is None:  # subclasses: TextChoices members are str, Decimal-like numbers are not here
        write = _CSV[str] if isinstance(value, str) else repr
        value = str(value) if isinstance(value, str) else value
    return write(value)


def rows_insert(model, fields, rows):
    """Insert `rows` (tuples in the order of `fields`) into model's table in one statement."""
    rows = list(rows)
    if not rows:
        return 0
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(model._meta.get_field(f).column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Snapshot rows can always be recomputed: no need to wait for the disk at commit.
            cursor.execute("SET LOCAL synchronous_commit = off")
            data = io.StringIO("".join(",".join(map(_csv_value, row)) + "\n" for row in rows))
            cursor.cursor.copy_expert(
                f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv)", data
            )
        else:
            marks = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)
    return len(rows)
