"""The two statements of every wizard request, run on SQLite's own connection.

Each step page opens its draft (one SELECT) and each step POST saves it (one
conditional UPDATE). SQLite answers those in about 5 µs; SQLAlchemy's Core
execution around them (connection and transaction events, the compiled-cache
lookup, parameter and result processing) cost 0.1–0.2 ms each, which is a
tenth of a step request's CPU time. So, on SQLite only, these two statements
are compiled once from the same Core constructs (table and column names stay
in schema.py), their values converted by the same column types (UTCDateTime),
and run on the pooled DBAPI connection, which carries the same pragmas.

Locking and durability are unchanged: the write takes the lock with the same
short retries as ``write_transaction`` and commits with ``synchronous=FULL``.
When the lock is not free within those retries, :meth:`HotPath.write` returns
None and the caller takes the ordinary path (SQLite's busy handler, the same
errors as before). Everything else in the store goes through SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import SimpleNamespace
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.sql import Select, Update

from .database import _try_begin_immediate


class _Prepared:
    """A Core statement compiled for SQLite, with its parameter and result converters."""

    def __init__(self, statement: Select[Any] | Update, engine: Engine) -> None:
        dialect = engine.dialect
        compiled = statement.compile(dialect=dialect)
        self.sql = str(compiled)
        names = list(compiled.positiontup or ())
        # Values written into the statement itself (e.g. key_slots.kind == "client").
        self.fixed = {
            name: value
            for name, value in compiled.construct_params(_check=False).items()
            if value is not None
        }
        self.params = [
            (name, compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect))
            for name in names
        ]
        self.columns: list[tuple[str, Any]] = []
        if isinstance(statement, Select):
            self.columns = [
                (column.name, column.type.dialect_impl(dialect).result_processor(dialect, None))
                for column in statement.selected_columns
            ]

    def bind(self, values: Mapping[str, Any]) -> tuple[Any, ...]:
        bound = []
        for name, convert in self.params:
            value = values[name] if name in values else self.fixed[name]
            bound.append(convert(value) if convert else value)
        return tuple(bound)

    def row(self, values: Sequence[Any]) -> SimpleNamespace:
        return SimpleNamespace(
            **{
                name: convert(value) if convert else value
                for (name, convert), value in zip(self.columns, values, strict=True)
            }
        )


class HotPath:
    """Runs prepared statements on SQLite's own connection, taken from the engine's pool."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._prepared: dict[int, _Prepared] = {}

    def _prepare(self, statement: Select[Any] | Update) -> _Prepared:
        prepared = self._prepared.get(id(statement))
        if prepared is None:
            prepared = self._prepared[id(statement)] = _Prepared(statement, self.engine)
        return prepared

    def select(self, statement: Select[Any], values: Mapping[str, Any]) -> list[SimpleNamespace]:
        """All rows of one SELECT (SQLite reads them in one implicit transaction)."""
        prepared = self._prepare(statement)
        pooled = self.engine.raw_connection()
        try:
            rows = pooled.driver_connection.execute(prepared.sql, prepared.bind(values)).fetchall()
        finally:
            pooled.close()
        return [prepared.row(r) for r in rows]

    def write(self, statement: Update, values: Mapping[str, Any]) -> int | None:
        """Rows changed by one committed UPDATE; None if the write lock was not free quickly."""
        prepared = self._prepare(statement)
        pooled = self.engine.raw_connection()
        try:
            raw = pooled.driver_connection
            if not _try_begin_immediate(raw):
                return None
            try:
                changed = raw.execute(prepared.sql, prepared.bind(values)).rowcount
                raw.execute("COMMIT")
            except BaseException:
                if raw.in_transaction:
                    raw.execute("ROLLBACK")
                raise
            return changed
        finally:
            pooled.close()
