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

from anchors.common.api.related import Row

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
# Types seen not to be mappings (DRF reads a mapping by key, anything else by attribute).
_plain_types: set[type] = set()
_MISSING = object()

# What a plan entry's getter gives: the value to show with the field's to_representation, the
# shown value itself, the row for a serializer method, or what a nested serializer shows.
VALUE, FINAL, METHOD, MANY, ONE = range(5)


class _Fallback(Exception):
    """The serializer cannot be served fast: DRF serializes it."""


def _plain(value) -> bool:
    if type(value) in _plain_types:
        return True
    if isinstance(value, Mapping):
        return False
    _plain_types.add(type(value))
    return True


def _attribute_getter(field):
    """row -> what ``field.get_attribute(row)`` gives: attributes read directly, and the field's
    own reading whenever anything is not plain (a mapping, a callable, a missing attribute or a
    None on the way, which DRF turns into a default, a None or a left-out key)."""
    attrs = tuple(field.source_attrs)
    fallback = field.get_attribute
    if not attrs:
        return lambda row: row
    if len(attrs) == 1:
        (attr,) = attrs

        def get_one(row):
            if not _plain(row):
                return fallback(row)
            try:
                value = getattr(row, attr)
            except (AttributeError, ObjectDoesNotExist):
                return fallback(row)
            if callable(value):
                return fallback(row)
            return value

        return get_one

    def get_path(row):
        value = row
        for attr in attrs:
            if not _plain(value):
                return fallback(row)
            try:
                value = getattr(value, attr)
            except (AttributeError, ObjectDoesNotExist):
                return fallback(row)
            if callable(value):
                return fallback(row)
        return value

    return get_path


def _fk_attname(model_class, name):
    """The FK's id column (``organisation_id``) when ``name`` is a model's concrete FK."""
    if not (isinstance(model_class, type) and issubclass(model_class, Model)):
        return None
    try:
        found = model_class._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if found.concrete and (found.many_to_one or found.one_to_one):
        return found.attname
    return None


def _pk_getter(field):
    """row -> what a PrimaryKeyRelatedField shows: the FK's id column read directly."""
    fallback = field.get_attribute
    attrs = tuple(field.source_attrs)
    attnames: dict[type, str | None] = {}

    def shown(value):
        if type(value) is PKOnlyObject:
            return value.pk
        return None if value is None else field.to_representation(value)

    def get(row):
        kind = type(row)
        if kind is Row and len(attrs) == 1:
            related = getattr(row, attrs[0], _MISSING)
            if related is not _MISSING:
                return None if related is None else getattr(related, "pk", related)
        attname = attnames.get(kind, _MISSING)
        if attname is _MISSING:
            attname = attnames[kind] = _fk_attname(kind, attrs[0]) if len(attrs) == 1 else None
        if attname is None:
            return shown(fallback(row))
        return getattr(row, attname)

    return get


def _related_getter(field):
    """row -> a to-many relation's rows: the prefetched list when there is one (what the
    manager's ``.all()`` gives, without making a manager), else the field's own reading."""
    fallback = field.get_attribute
    attrs = tuple(field.source_attrs)
    attr = attrs[0] if len(attrs) == 1 else None

    def get(row):
        if attr is not None and type(row) is Row and attr in row.__dict__:
            return row.__dict__[attr]
        if attr is not None and isinstance(row, Model) and row.pk is not None:
            cache = row.__dict__.get("_prefetched_objects_cache")
            if cache is not None and attr in cache:
                return cache[attr]
        return fallback(row)

    return get


def _related_many_getter(field):
    """row -> what a many=True related field shows."""
    get_rows = _related_getter(field)
    show = field.child_relation.to_representation

    def get(row):
        rows = get_rows(row)
        if rows is None:
            return None
        return [show(item) for item in rows]

    return get


class _Plan:
    """A serializer class's readable fields, built once: (name, kind, getter, show, child)."""

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
        self.entries = [] if self.custom else [_compile(f) for f in template._readable_fields]

    def bind(self, context, live):
        """This plan for one request: ``live`` maps each plan to its request serializer."""
        if self not in live:
            live[self] = self.serializer_class(context=context)
            for entry in self.entries:
                if entry[4] is not None:
                    entry[4].bind(context, live)


def _compile(field) -> tuple:
    name = field.field_name
    kind = type(field)
    if isinstance(field, serializers.ListSerializer):
        if kind is not serializers.ListSerializer:
            raise _Fallback(f"{name}: {kind.__name__}")
        return (name, MANY, _related_getter(field), None, _nested(type(field.child)))
    if isinstance(field, serializers.BaseSerializer):
        return (name, ONE, _attribute_getter(field), None, _nested(kind))
    if kind is drf_fields.SerializerMethodField:
        return (name, METHOD, lambda row: row, field.method_name, None)
    if kind is relations.ManyRelatedField:
        if type(field.child_relation) not in SAFE_FIELDS:
            raise _Fallback(f"{name}: {type(field.child_relation).__name__}")
        return (name, FINAL, _related_many_getter(field), None, None)
    if kind not in SAFE_FIELDS:
        raise _Fallback(f"{name}: {kind.__name__}")
    if isinstance(field, drf_fields.ListField) and type(field.child) not in SAFE_FIELDS:
        raise _Fallback(f"{name}: list of {type(field.child).__name__}")
    if isinstance(field, drf_fields.DictField) and type(field.child) not in SAFE_FIELDS:
        raise _Fallback(f"{name}: dict of {type(field.child).__name__}")
    if kind is relations.PrimaryKeyRelatedField and field.pk_field is None:
        return (name, FINAL, _pk_getter(field), None, None)
    return (name, VALUE, _attribute_getter(field), field.to_representation, None)


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


def _one(plan, row, live):
    """``serializer.to_representation(row)``."""
    serializer = live[plan]
    if plan.custom:
        return serializer.to_representation(row)
    shown = {}
    for name, kind, get, show, child in plan.entries:
        try:
            value = get(row)
        except SkipField:
            continue
        if value is None:
            shown[name] = None
        elif kind == VALUE:
            shown[name] = show(value)
        elif kind == FINAL:
            shown[name] = value
        elif kind == METHOD:
            shown[name] = getattr(serializer, show)(value)
        elif kind == MANY:
            items = value.all() if isinstance(value, BaseManager) else value
            shown[name] = [_one(child, item, live) for item in items]
        else:
            shown[name] = _one(child, value, live)
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
