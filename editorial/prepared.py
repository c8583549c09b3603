"""Querysets compiled once and run again with other values.

Building and compiling a queryset (filters, joins, ``select_related``
columns) costs far more than running it for the queries a page repeats on
every request with only a value changed: the child of a page by its slug,
the audio version of an article. ``PreparedQuery`` compiles such a queryset
once per database alias, with marker values standing for what changes, and
then only swaps the values into the stored parameters; rows become model
instances as Django's ``ModelIterable`` makes them (same ``select_related``
objects, same state), so the result is the queryset's. What Django works out
again for each run from the compiled query alone, how each row's columns
become the objects of its ``select_related`` relations (a
``RelatedPopulator`` per relation: a walk of the fields of each joined page
type), is worked out once per database alias and reused.
"""

import copy
import functools
import inspect
import re
import threading
import weakref
from types import SimpleNamespace

from django.db import connections, router
from django.db.models import query as django_query
from django.db.models.query import ModelIterable, ValuesListIterable


class PreparedQuery:
    """``build(**markers)`` returns the queryset; ``markers`` names the
    values that change between runs, each with a value no other parameter of
    the query has (a marker must end up as one parameter, as given: an
    exact or range lookup, not ``startswith``). ``run(**values)`` returns
    the model instances.

    The queryset must yield model instances and prefetch nothing (a
    ``ModelIterable`` without ``prefetch_related``); or, for ``rows()``, be
    a ``values_list()`` queryset (a UNION of them too), whose rows come as
    tuples, read without building any model instance."""

    def __init__(self, build, **markers):
        self.build = build
        self.markers = markers
        self._compiled = {}
        self._compiled_rows = {}
        self._model = None
        self._converters = weakref.WeakKeyDictionary()
        self._row_converters = weakref.WeakKeyDictionary()
        self._populators = {}
        self._lock = threading.Lock()

    def _compile(self, using, iterable=ModelIterable):
        queryset = self.build(**self.markers).using(using)
        if queryset._prefetch_related_lookups or queryset._iterable_class is not (
            iterable
        ):
            if iterable is ValuesListIterable:
                raise ValueError("PreparedQuery.rows() runs values_list() only.")
            raise ValueError("PreparedQuery runs plain model querysets only.")
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        positions = {}
        for name, marker in self.markers.items():
            found = [i for i, param in enumerate(params) if param == marker]
            if len(found) != 1:
                raise ValueError(
                    f"The marker of {name!r} is not exactly one parameter "
                    f"of the query ({len(found)} found)."
                )
            positions[name] = found[0]
        sql, names = _named_parameters(compiler.connection, sql, len(params))
        # What ModelIterable reads of the queryset besides its compiler.
        source = {
            "db": using,
            "model": queryset.model,
            # Django 6.1's fetch modes (absent in 5.2, whose iterable does not read it).
            "_fetch_mode": getattr(queryset, "_fetch_mode", None),
            "_known_related_objects": {},
        }
        return compiler, sql, tuple(params), positions, source, names

    def run(self, using=None, **values):
        compiler, source = self._compiler(
            self._compiled, self._converters, ModelIterable, using, values
        )
        plan = self._populators.get(source["db"])
        if plan is None:
            plan = _row_plan(compiler, source)
            with self._lock:
                self._populators[source["db"]] = plan
        if not plan:
            # Annotations, or a fetch mode that tracks peers: Django's way.
            query = SimpleNamespace(get_compiler=lambda *args, **kwargs: compiler)
            return list(ModelIterable(SimpleNamespace(query=query, **source)))
        # ModelIterable's loop, with what it works out before it (the
        # columns of the model, the populators of its relations) taken once.
        from_db, start, end, init_list, populators = plan
        db = source["db"]
        results = compiler.execute_sql(
            chunked_fetch=False, chunk_size=django_query.GET_ITERATOR_CHUNK_SIZE
        )
        objects = []
        for row in compiler.results_iter(results):
            obj = from_db(db, init_list, row[start:end])
            for populator in populators:
                populator.populate(row, obj)
            objects.append(obj)
        return objects

    def rows(self, using=None, **values):
        """The rows of a ``values_list()`` queryset, as tuples (what the
        queryset gives), for these ``values``."""
        compiler, _source = self._compiler(
            self._compiled_rows, self._row_converters, ValuesListIterable, using, values
        )
        return list(compiler.results_iter(tuple_expected=True))

    def _compiler(self, store, converter_store, iterable, using, values):
        """A copy of the compiler stored for ``using`` (compiled on first
        use), answering with the stored SQL and these ``values``."""
        if using is None:
            # Chosen on each run, as a queryset does (a router may spread reads).
            if self._model is None:
                self._model = self.build(**self.markers).model
            using = router.db_for_read(self._model)
        compiled = store.get(using)
        if compiled is None:
            with self._lock:
                compiled = store.get(using) or self._compile(using, iterable)
                store[using] = compiled
        compiler, sql, params, positions, source, names = compiled
        params = list(params)
        for name, position in positions.items():
            params[position] = values[name]
        if names:
            params = dict(zip(names, params, strict=True))
        # A copy per run: the connection is the calling thread's, and the
        # stored compiler stays untouched (its select, klass_info and
        # converters, set when it compiled, are what rows are read with).
        compiler = copy.copy(compiler)
        connection = compiler.connection = connections[source["db"]]
        compiler.as_sql = lambda *args, **kwargs: (sql, params)
        # The columns' converters (dates, JSON, booleans), worked out once per
        # connection (they are bound to its operations) instead of per run.
        converters = converter_store.get(connection)
        if converters is None:
            fields = [column[0] for column in compiler.select[: compiler.col_count]]
            converters = compiler.get_converters(fields)
            with self._lock:
                converter_store[connection] = converters
        compiler.get_converters = lambda expressions: converters
        return compiler, source


def _row_plan(compiler, source):
    """``(from_db, start, end, init_list, populators)``: what
    ``ModelIterable`` works out from the compiled query before reading its
    rows, the same for every run; ``()`` when a run must go Django's way
    (annotations, known related objects, a fetch mode tracking peers, whose
    populators keep the objects they made)."""
    fetch_mode = source["_fetch_mode"]
    if (
        compiler.annotation_col_map
        or source["_known_related_objects"]
        or getattr(fetch_mode, "track_peers", False)
    ):
        return ()
    select, klass_info = compiler.select, compiler.klass_info
    select_fields = klass_info["select_fields"]
    start, end = select_fields[0], select_fields[-1] + 1
    init_list = [column[0].target.attname for column in select[start:end]]
    model = klass_info["model"]
    db = source["db"]
    if fetch_mode is None:  # Django 5.2: no fetch modes
        return (
            model.from_db,
            start,
            end,
            init_list,
            django_query.get_related_populators(klass_info, select, db),
        )
    # Django's own choice of the model's from_db() for the fetch mode.
    get_from_db = getattr(django_query, "_get_from_db", None)
    return (
        get_from_db(model, fetch_mode)
        if get_from_db is not None
        else functools.partial(model.from_db, fetch_mode=fetch_mode),
        start,
        end,
        init_list,
        django_query.get_related_populators(klass_info, select, db, fetch_mode),
    )


# Django's own (SQLiteCursorWrapper): a "%s" not preceded by "%".
_FORMAT_PLACEHOLDER = re.compile(r"(?<!%)%s")


def _named_parameters(connection, sql, count):
    """``(sql, names)``: on SQLite, the query with named parameters
    (``%(p0)s``…) and their names, to be run with a dict of values; else
    ``(sql, ())``. Django's SQLite cursor turns the ``%s`` of a query into
    ``?`` with a regular expression on every run (a scan of the whole text:
    the routing query joins every page type a parent allows), and the named
    style with a single ``%`` formatting, which gives the same SQL."""
    if connection.vendor != "sqlite":
        return sql, ()
    from django.db.backends.sqlite3.base import SQLiteCursorWrapper

    convert = getattr(SQLiteCursorWrapper, "convert_query", None)
    if convert is None or "param_names" not in inspect.signature(convert).parameters:
        return sql, ()  # a Django whose SQLite cursor takes no named style
    names = tuple(f"p{i}" for i in range(count))
    numbers = iter(names)
    named = _FORMAT_PLACEHOLDER.sub(lambda match: f"%({next(numbers)})s", sql)
    if next(numbers, None) is not None:
        return sql, ()  # fewer placeholders than parameters: as it is
    return named, names
