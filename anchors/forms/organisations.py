from django import forms
from django.contrib.auth import password_validation

from anchors.common.forms import GovukForm, GovukModelForm, VersionedMixin
from anchors.models import Organisation, Person, Role


class OrganisationForm(VersionedMixin, GovukModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name",
            "short_name",
            "kind",
            "role",
            "website",
            "postcode",
            "headcount",
            "annual_spend",
            "active",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "role": forms.RadioSelect,
        }
        labels = {"active": "Active in the collaborative"}

    def __init__(self, *args, collaborative=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.collaborative = collaborative or getattr(self.instance, "collaborative", None)

    def validate_unique(self):
        # Names are checked against the collaborative's other organisations here, so the error
        # names the field rather than surfacing as a database error.
        super().validate_unique()
        collaborative = self.instance.collaborative
        for field in ("name", "short_name"):
            value = self.cleaned_data.get(field)
            if not value or collaborative is None:
                continue
            clash = Organisation.objects.filter(
                collaborative=collaborative, **{f"{field}__iexact": value}
            ).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error(field, f"Another organisation already uses “{value}”.")


class OrganisationProfileForm(VersionedMixin, GovukModelForm):
    class Meta:
        model = Organisation
        fields = ["headcount", "annual_spend", "website"]


class PersonForm(VersionedMixin, GovukModelForm):
    class Meta:
        model = Person
        fields = ["name", "job_title", "organisation", "email"]
        help_texts = {"email": "Needed only if they will log in or receive reminders."}

    def __init__(self, *args, collaborative=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.collaborative = collaborative or getattr(self.instance, "collaborative", None)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            collaborative=self.instance.collaborative
        ).order_by("name")

    def clean_email(self):
        email = (self.cleaned_data.get("email") or "").strip().lower()
        if email:
            clash = Person.objects.filter(
                collaborative=self.instance.collaborative, email__iexact=email
            ).exclude(pk=self.instance.pk)
            if clash.exists():
                raise forms.ValidationError("Another person already has this email address.")
        return email


class MembershipForm(GovukForm):
    submit_label = "Add role"
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none())
    role = forms.ChoiceField(choices=Role.choices, widget=forms.RadioSelect)

    def __init__(self, *args, collaborative=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            collaborative=collaborative
        ).order_by("name")


class InviteForm(GovukForm):
    """Sending an invitation: nothing to fill in, one button."""

    submit_label = "Send invitation"


class InvitationAcceptForm(GovukForm):
    submit_label = "Set password and continue"
    new_password1 = forms.CharField(
        label="Create a password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 8 characters; not only numbers; not a common password.",
    )
    new_password2 = forms.CharField(
        label="Confirm your password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("new_password1"), data.get("new_password2")
        if p1 and p2 and p1 != p2:
            self.add_error("new_password2", "The two passwords do not match.")
        elif p1:
            try:
                password_validation.validate_password(p1, self.user)
            except forms.ValidationError as error:
                self.add_error("new_password1", error)
        return data
