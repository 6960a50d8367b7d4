"""GOV.UK forms: the one way to lay out and render a field (crispy-forms-gds)."""

from anchors.common.forms.base import (
    GovukForm,
    GovukFormMixin,
    GovukModelForm,
    VersionedMixin,
    field_display,
    specific_error_messages,
)
from anchors.common.forms.fields import DateField, DecimalField, IntegerField, NumberInput
from anchors.common.forms.widgets import share_choices

__all__ = [
    "DateField",
    "DecimalField",
    "GovukForm",
    "GovukFormMixin",
    "GovukModelForm",
    "IntegerField",
    "NumberInput",
    "VersionedMixin",
    "field_display",
    "share_choices",
    "specific_error_messages",
]
