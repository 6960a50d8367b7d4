"""A page's rows to JSON-ready data fast, to exactly what DRF's serializers give.

DRF builds a serializer's fields again for every request (a ModelSerializer introspects its
model: 1–3 ms a list) and walks every field of every row through generic code. ``represent``
builds each serializer class's fields once, keeps them as a plan, and for each row reads the
attributes directly, falling back to the field's own ``get_attribute`` whenever anything is not
plain (a dict row, a callable, a missing attribute, a None on a dotted path), so the output,
keys left out included, is the serializer's own. Every field's ``to_representation`` is the
field's own.

What it serves fast: the fields whose output depends on nothing but the row (``SAFE_FIELDS``),
related fields by primary key or slug (single or many; a prefetched relation is read from the
prefetch cache instead of through a new manager per row), nested serializers (single or many)
made of such fields, and ``SerializerMethodField``. The methods (``get_<field>`` and an
overridden ``to_representation``) run on a serializer made for the request with its context,
as the page's own serializer would have it (``self.context``; not ``self.parent`` or
``self.instance``). Anything else (a hyperlink, a file, a field class not listed, an overridden
``get_fields`` or ``__init__``, a custom list serializer) makes the whole serializer go through
DRF as before: slower, never different. ``FAST = False`` switches the fast path off (the tests
compare both).
"""

from collections.abc import Mapping

from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db.models import Model
from django.db.models.manager import BaseManager
from rest_framework import fields as drf_fields
from rest_framework import relations, serializers
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject

FAST = True

# Field classes (exactly these, not subclasses) whose output is a function of the value alone.
SAFE_FIELDS = frozenset(
    {
        drf_fields.BigIntegerField,
        drf_fields.BooleanField,
        drf_fields.CharField,
        drf_fields.ChoiceField,
        drf_fields.DateField,
        drf_fields.DateTimeField,
        drf_fields.DecimalField,
        drf_fields.DictField,
        drf_fields.DurationField,
        drf_fields.EmailField,
        drf_fields.FloatField,
        drf_fields.IntegerField,
        drf_fields.IPAddressField,
        drf_fields.JSONField,
        drf_fields.ListField,
        drf_fields.MultipleChoiceField,
        drf_fields.ReadOnlyField,
        drf_fields.RegexField,
        drf_fields.SlugField,
        drf_fields.TimeField,
        drf_fields.URLField,
        drf_fields.UUIDField,
        relations.PrimaryKeyRelatedField,
        relations.SlugRelatedField,
        relations.StringRelatedField,
    }
)
_SERIALIZER_DEFAULTS = {
    name: getattr(serializers.Serializer, name)
    for name in ("__init__", "get_fields", "to_representation")
}
_MODEL_SERIALIZER_GET_FIELDS = serializers.ModelSerializer.get_fields

_plans: dict[type, "_Plan | None"] = {}
_mapping_types: dict[type, bool] = {}


class _Fallback(Exception):
    """The serializer cannot be served fast: DRF serializes it."""


def _is_mapping(value) -> bool:
    kind = type(value)
    found = _mapping_types.get(kind)
    if found is None:
        found = _mapping_types[kind] = isinstance(value, Mapping)
    return found


def _read(row, attrs):
    """``getattr`` along ``attrs``; raises LookupError when DRF's generic reading is needed."""
    value = row
    for attr in attrs:
        if _is_mapping(value):
            raise LookupError
        try:
            value = getattr(value, attr)
        except (AttributeError, ObjectDoesNotExist) as error:
            raise LookupError from error
        if callable(value):
            raise LookupError
    return value


class _Field:
    """One readable field of a plan: how to get its value from a row and show it."""

    __slots__ = ("name", "field", "attrs", "show", "kind", "child", "fk_attnames")

    def __init__(self, name, field, *, kind, show=None, child=None):
        self.name = name
        self.field = field
        self.attrs = tuple(field.source_attrs)
        self.kind = kind
        self.show = show if show is not None else field.to_representation
        self.child = child
        self.fk_attnames: dict[type, str | None] = {}

    def fk_attname(self, row):
        """The FK's id column (``organisation_id``) when the source names a concrete FK."""
        kind = type(row)
        if kind not in self.fk_attnames:
            attname = None
            if isinstance(row, Model) and len(self.attrs) == 1:
                try:
                    found = row._meta.get_field(self.attrs[0])
                except FieldDoesNotExist:
                    found = None
                if found is not None and found.concrete and (found.many_to_one or found.one_to_one):
                    attname = found.attname
            self.fk_attnames[kind] = attname
        return self.fk_attnames[kind]


class _Plan:
    """A serializer class's readable fields, built once."""

    def __init__(self, serializer_class):
        self.serializer_class = serializer_class
        for name, default in _SERIALIZER_DEFAULTS.items():
            if name == "to_representation":
                continue
            own = getattr(serializer_class, name)
            if own is not default and not (
                name == "get_fields" and own is _MODEL_SERIALIZER_GET_FIELDS
            ):
                raise _Fallback(f"{serializer_class.__name__}.{name}")
        self.custom = (
            serializer_class.to_representation is not _SERIALIZER_DEFAULTS["to_representation"]
        )
        meta = getattr(serializer_class, "Meta", None)
        if getattr(meta, "list_serializer_class", None) is not None:
            raise _Fallback(f"{serializer_class.__name__}.Meta.list_serializer_class")
        template = serializer_class()
        self.fields = [] if self.custom else [_compile(f) for f in template._readable_fields]

    def bind(self, context, live):
        """This plan for one request: ``live`` maps each plan to its request serializer."""
        if self not in live:
            live[self] = self.serializer_class(context=context)
            for entry in self.fields:
                if entry.child is not None:
                    entry.child.bind(context, live)


def _compile(field) -> _Field:
    name = field.field_name
    kind = type(field)
    if isinstance(field, serializers.ListSerializer):
        if kind is not serializers.ListSerializer:
            raise _Fallback(f"{name}: {kind.__name__}")
        return _Field(name, field, kind="many", child=_nested(type(field.child)))
    if isinstance(field, serializers.BaseSerializer):
        return _Field(name, field, kind="one", child=_nested(kind))
    if kind is drf_fields.SerializerMethodField:
        return _Field(name, field, kind="method")
    if kind is relations.ManyRelatedField:
        child = field.child_relation
        if type(child) not in SAFE_FIELDS:
            raise _Fallback(f"{name}: {type(child).__name__}")
        show = child.to_representation
        return _Field(name, field, kind="related_many", show=show)
    if kind not in SAFE_FIELDS:
        raise _Fallback(f"{name}: {kind.__name__}")
    if isinstance(field, drf_fields.ListField) and type(field.child) not in SAFE_FIELDS:
        raise _Fallback(f"{name}: list of {type(field.child).__name__}")
    if isinstance(field, drf_fields.DictField) and type(field.child) not in SAFE_FIELDS:
        raise _Fallback(f"{name}: dict of {type(field.child).__name__}")
    if kind is relations.PrimaryKeyRelatedField and field.pk_field is None:
        return _Field(name, field, kind="pk")
    return _Field(name, field, kind="plain")


def _nested(serializer_class) -> "_Plan":
    plan = plan_for(serializer_class)
    if plan is None:
        raise _Fallback(serializer_class.__name__)
    return plan


def plan_for(serializer_class) -> "_Plan | None":
    """The class's plan (built at its first use), or None when DRF must serialize it."""
    try:
        return _plans[serializer_class]
    except KeyError:
        pass
    try:
        plan = _Plan(serializer_class)
    except _Fallback:
        plan = None
    _plans[serializer_class] = plan
    return plan


def _prefetched(row, attr):
    cache = getattr(row, "_prefetched_objects_cache", None)
    if cache and attr in cache:
        return cache[attr]
    return None


def _value(entry, row):
    """What DRF's ``field.get_attribute(row)`` gives (SkipField propagates)."""
    kind = entry.kind
    if kind == "method":
        return row
    if kind == "pk":
        attname = entry.fk_attname(row)
        if attname is not None:
            pk = getattr(row, attname)
            return None if pk is None else PKOnlyObject(pk=pk)
        return entry.field.get_attribute(row)
    if kind in ("related_many", "many"):
        # A prefetched relation is what the manager's .all() would give, without a manager.
        if isinstance(row, Model) and len(entry.attrs) == 1 and row.pk is not None:
            found = _prefetched(row, entry.attrs[0])
            if found is not None:
                return found
        return entry.field.get_attribute(row)
    try:
        return _read(row, entry.attrs)
    except LookupError:
        return entry.field.get_attribute(row)


def _one(plan, row, live):
    """``serializer.to_representation(row)``."""
    serializer = live[plan]
    if plan.custom:
        return serializer.to_representation(row)
    shown = {}
    for entry in plan.fields:
        try:
            value = _value(entry, row)
        except SkipField:
            continue
        if value is None or (type(value) is PKOnlyObject and value.pk is None):
            shown[entry.name] = None
            continue
        kind = entry.kind
        if kind == "method":
            shown[entry.name] = getattr(serializer, entry.field.method_name)(value)
        elif kind == "pk":
            shown[entry.name] = value.pk if type(value) is PKOnlyObject else entry.show(value)
        elif kind == "related_many":
            show = entry.show
            shown[entry.name] = [show(item) for item in value]
        elif kind == "many":
            items = value.all() if isinstance(value, BaseManager) else value
            shown[entry.name] = [_one(entry.child, item, live) for item in items]
        elif kind == "one":
            shown[entry.name] = _one(entry.child, value, live)
        else:
            shown[entry.name] = entry.show(value)
    return shown


def represent(serializer_class, instance, *, many=False, context=None):
    """``serializer_class(instance, many=many, context=context).data``, as plain lists and
    dicts (the same JSON)."""
    plan = plan_for(serializer_class) if FAST else None
    if plan is None:
        return serializer_class(instance, many=many, context=context or {}).data
    live: dict = {}
    plan.bind(context or {}, live)
    if many:
        items = instance.all() if isinstance(instance, BaseManager) else instance
        return [_one(plan, row, live) for row in items]
    return _one(plan, instance, live)
