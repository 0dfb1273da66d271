"""Database helpers with no domain knowledge."""

import datetime as dt
import functools
import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.models import signals
from django.db.models.base import ModelState
from django.utils import timezone


@contextmanager
def parallel_plans(workers: int = 2, using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Let PostgreSQL plan this block's queries in parallel. The app's connections plan serially
    (settings: DB_PARALLEL_WORKERS, because starting workers costs more than page queries gain); a
    roll-up that reads millions of rows opts in here. Runs the block in a transaction (SET LOCAL).
    A no-op on other databases."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL max_parallel_workers_per_gather = {int(workers)}")
        yield


EXECUTEMANY_BATCH = 20_000


def insert_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], *,
                using: str = DEFAULT_DB_ALIAS) -> int:
    """Write plain rows (tuples in the order of `columns`, values as the driver takes them) into `table`:
    COPY on PostgreSQL (psycopg's `cursor.copy`: one stream, no statement per row), `executemany` in large
    batches elsewhere. For thousands of rows where model instances would cost more than the insert. Errors
    are Django's (an IntegrityError is `django.db.IntegrityError`, as from the ORM). Returns the row count."""
    connection = connections[using]
    qn = connection.ops.quote_name
    column_sql = ", ".join(qn(c) for c in columns)
    count = 0
    with connection.cursor() as cursor, connection.wrap_database_errors:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {qn(table)} ({column_sql}) FROM STDIN") as copy:  # the psycopg cursor
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        # Table and column names come from the models, quoted; values are parameters.
        sql = f"INSERT INTO {qn(table)} ({column_sql}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608
        batch: list[Sequence[Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= EXECUTEMANY_BATCH:
                cursor.executemany(sql, batch)
                count, batch = count + len(batch), []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


# Field types whose Python value the drivers take as it is (a ForeignKey contributes its `<name>_id`; bytes
# go in as a BLOB or bytea).
_PLAIN_FIELDS = (models.CharField, models.TextField, models.IntegerField, models.FloatField, models.BooleanField,
                 models.ForeignKey, models.BinaryField)


def _utc_text(value: dt.datetime | None) -> str | None:
    """SQLite's `adapt_datetimefield_value` for a connection in UTC, without its checks per call (a batch
    writes tens of thousands): an aware value in UTC, naive, as text."""
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return str(value)


def datetime_adapter(connection: Any) -> Callable[[dt.datetime | None], Any]:
    """What a datetime becomes for the connection's driver (`connection.ops.adapt_datetimefield_value`)."""
    if connection.vendor == "sqlite" and connection.timezone_name == "UTC":
        return _utc_text
    return connection.ops.adapt_datetimefield_value  # type: ignore[no-any-return]


def _adapter(field: models.Field, connection: Any) -> Any:
    """How one field's value becomes a driver value: None when it already is one."""
    if isinstance(field, models.DateTimeField):
        return datetime_adapter(connection)
    if isinstance(field, models.JSONField):
        return lambda value: None if value is None else connection.ops.adapt_json_value(value, field.encoder)
    if isinstance(field, _PLAIN_FIELDS):
        return None
    raise TypeError(f"insert_instances does not write {type(field).__name__} ({field.name})")


@functools.cache
def _layout(model: type[models.Model]) -> tuple[list[tuple[str, str | None, models.Field, Callable[[], Any]]],
                                                frozenset[str]]:
    """(attname, name of a relation or None, field, its default) of each concrete field in order, and every
    name they take."""
    fields = [(f.attname, f.name if f.is_relation else None, f, f._get_default)  # type: ignore[attr-defined]
              for f in model._meta.concrete_fields]
    return fields, frozenset(a for a, _n, _f, _d in fields) | frozenset(n for _a, n, _f, _d in fields if n)


def new_instance[M: models.Model](model: type[M], values: dict[str, Any]) -> M:
    """`model(**values)` (not saved), several times faster for the thousands a batch makes. `values` names
    fields (a related object by its field name, or its id by the attname); the others take their defaults.
    Related objects given are cached on the instance as the keyword form does.

    The instance's attributes are set as `Model.__init__` sets them from positional values, without its
    per-field loop; a model that something listens to the creation of (`pre_init`/`post_init`: image
    dimensions, generic relations) is built by `__init__` itself."""
    fields, known = _layout(model)
    if not known.issuperset(values):
        raise TypeError(f"{model.__name__} has no field {', '.join(sorted(set(values) - known))}")
    attributes: dict[str, Any] = {}
    related: list[tuple[models.Field, Any]] = []
    for attname, name, field, default in fields:
        if attname in values:
            attributes[attname] = values[attname]
        elif name is not None and name in values:
            obj = values[name]
            attributes[attname] = None if obj is None else obj.pk
            related.append((field, obj))
        else:
            attributes[attname] = default()
    if signals.pre_init.has_listeners(model) or signals.post_init.has_listeners(model):
        instance = model(*attributes.values())
    else:
        instance = model.__new__(model)
        instance.__dict__.update(attributes)
        instance._state = ModelState()
    for field, obj in related:
        field.set_cached_value(instance, obj)  # type: ignore[attr-defined]  # a ForeignKey's
    return instance


def insert_instances(objs: Sequence[models.Model], *, chunk: int = 500, using: str = DEFAULT_DB_ALIAS) -> None:
    """`Model.objects.bulk_create(objs)` for new instances of one model with plain fields (text, numbers,
    foreign keys, datetimes, JSON): each instance gets its id. Values are read straight from the instances'
    attributes (auto_now/auto_now_add fields set to now), skipping the ORM's per-value compilation, which
    costs more than the insert for thousands of rows. PostgreSQL: ids taken from the sequence, rows by COPY;
    elsewhere: multi-row INSERT … RETURNING id in chunks (ids come back in insertion order, as bulk_create
    relies on too). No signals are sent, as with bulk_create."""
    if not objs:
        return
    connection = connections[using]
    model = type(objs[0])
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    # Only the fields whose values the driver does not take as they are pass through an adapter.
    adapted = [(i, adapt) for i, f in enumerate(fields) if (adapt := _adapter(f, connection)) is not None]
    values_of = operator.attrgetter(*(f.attname for f in fields))  # one C call per instance
    now = timezone.now()
    stamped = [f.attname for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    rows = []
    for obj in objs:
        for name in stamped:
            setattr(obj, name, now)
        row = list(values_of(obj)) if len(fields) > 1 else [values_of(obj)]
        for i, adapt in adapted:
            row[i] = adapt(row[i])
        rows.append(row)
    columns = [str(f.column) for f in fields]
    pk_column = str(meta.pk.column)  # type: ignore[union-attr]  # every model has one
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                           [meta.db_table, pk_column, len(objs)])
            ids = [row[0] for row in cursor.fetchall()]
        insert_rows(meta.db_table, [pk_column, *columns], ([i, *row] for i, row in zip(ids, rows, strict=True)),
                    using=using)
    else:
        qn = connection.ops.quote_name
        head = f"INSERT INTO {qn(meta.db_table)} ({', '.join(qn(c) for c in columns)}) VALUES "  # noqa: S608
        one = f"({', '.join(['%s'] * len(columns))})"
        ids = []
        with connection.cursor() as cursor, connection.wrap_database_errors:
            for start in range(0, len(rows), chunk):
                part = rows[start:start + chunk]
                cursor.execute(f"{head}{', '.join([one] * len(part))} RETURNING {qn(pk_column)}",
                               [v for row in part for v in row])
                ids += [row[0] for row in cursor.fetchall()]
    for obj, pk_value in zip(objs, ids, strict=True):
        obj.pk = pk_value
        obj._state.adding = False
        obj._state.db = using
