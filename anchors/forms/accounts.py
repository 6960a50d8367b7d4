"""allauth's forms with GOV.UK error messages that name the field, and no placeholders."""

from allauth.account import forms as allauth_forms

from anchors.common.forms import specific_error_messages


class GovukAccountFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs.pop("placeholder", None)
            if name == "login":
                field.label = "Email address"
        specific_error_messages(self)


class LoginForm(GovukAccountFormMixin, allauth_forms.LoginForm):
    pass


class ChangePasswordForm(GovukAccountFormMixin, allauth_forms.ChangePasswordForm):
    pass


class SetPasswordForm(GovukAccountFormMixin, allauth_forms.SetPasswordForm):
    pass


class ResetPasswordForm(GovukAccountFormMixin, allauth_forms.ResetPasswordForm):
    pass


class ResetPasswordKeyForm(GovukAccountFormMixin, allauth_forms.ResetPasswordKeyForm):
    pass
