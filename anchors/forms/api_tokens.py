from django import forms

from anchors.common.forms import GovukForm, IntegerField
from anchors.models.tokens import DEFAULT_DAYS, MAX_DAYS


class ApiTokenForm(GovukForm):
    submit_label = "Create token"

    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="What the token is for, so you can tell your tokens apart, e.g. “Power BI”.",
    )
    days = IntegerField(
        label="Days until it expires",
        initial=DEFAULT_DAYS,
        min_value=1,
        max_value=MAX_DAYS,
        help_text=f"Between 1 and {MAX_DAYS} days. You can revoke it sooner.",
    )
