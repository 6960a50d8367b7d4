from datetime import date as _date
from datetime import timedelta

import factory
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import generate_totp_secret
from django.conf import settings
from django.utils import timezone
from factory.django import DjangoModelFactory

from anchors.models import (
    Action,
    Attendance,
    Collaborative,
    Membership,
    Organisation,
    OrganisationUpdate,
    Participation,
    Person,
    Role,
    Theme,
    User,
    Workshop,
    Workstream,
    WorkstreamStatusChange,
)

PASSWORD = "correct-horse-battery-staple"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save(update_fields=["password"])


class CollaborativeFactory(DjangoModelFactory):
    class Meta:
        model = Collaborative

    name = factory.Sequence(lambda n: f"Test Anchor Collaborative {n}")
    place = "Testborough"


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    collaborative = factory.SubFactory(CollaborativeFactory)
    name = factory.Sequence(lambda n: f"Organisation {n}")
    short_name = factory.Sequence(lambda n: f"Org{n}")
    kind = Organisation.Kind.NHS_TRUST
    role = Organisation.CollaborativeRole.CORE_ANCHOR


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    organisation = factory.SubFactory(OrganisationFactory)
    collaborative = factory.SelfAttribute("organisation.collaborative")
    name = factory.Sequence(lambda n: f"Person {n}")
    job_title = "Officer"
    email = factory.Sequence(lambda n: f"person{n}@example.org")


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SelfAttribute("person.organisation")
    collaborative = factory.SelfAttribute("organisation.collaborative")
    role = Role.VIEWER


class ThemeFactory(DjangoModelFactory):
    class Meta:
        model = Theme

    collaborative = factory.SubFactory(CollaborativeFactory)
    name = factory.Sequence(lambda n: f"Theme {n}")


def login_for(*, organisation, role, email=None):
    """A login whose person holds `role` for `organisation`; returns the User."""
    user = UserFactory(email=email) if email else UserFactory()
    person = PersonFactory(organisation=organisation, email=user.email, user=user)
    if role is not None:
        MembershipFactory(person=person, organisation=organisation, role=role)
    if role in settings.MFA_REQUIRED_ROLES:
        give_authenticator(user)
    return user


def give_authenticator(user):
    """An authenticator app, as the roles in MFA_REQUIRED_ROLES and administrators must have."""
    Authenticator.objects.get_or_create(
        user=user,
        type=Authenticator.Type.TOTP,
        defaults={"data": {"secret": generate_totp_secret()}},
    )
    return user


# Workstreams, workshops and actions ------------------------------------------------------------


class WorkstreamFactory(DjangoModelFactory):
    class Meta:
        model = Workstream

    collaborative = factory.SubFactory(CollaborativeFactory)
    name = factory.Sequence(lambda n: f"Workstream {n}")
    purpose = "Buy together to keep money in the local economy."
    objectives = "Align social value metrics\nEngage local suppliers together"
    status = Workstream.Status.ACTIVE


class WorkstreamStatusChangeFactory(DjangoModelFactory):
    class Meta:
        model = WorkstreamStatusChange

    workstream = factory.SubFactory(WorkstreamFactory)
    collaborative = factory.SelfAttribute("workstream.collaborative")
    from_status = Workstream.Status.PROPOSED
    to_status = Workstream.Status.ACTIVE
    reason = "Agreed by the steering group."


class ParticipationFactory(DjangoModelFactory):
    class Meta:
        model = Participation

    workstream = factory.SubFactory(WorkstreamFactory)
    collaborative = factory.SelfAttribute("workstream.collaborative")
    organisation = factory.SubFactory(
        OrganisationFactory, collaborative=factory.SelfAttribute("..collaborative")
    )
    sponsorship = Participation.Sponsorship.NOT_SOUGHT
    joined_on = _date(2024, 1, 15)


class WorkshopFactory(DjangoModelFactory):
    class Meta:
        model = Workshop

    workstream = factory.SubFactory(WorkstreamFactory)
    collaborative = factory.SelfAttribute("workstream.collaborative")
    date = _date(2024, 3, 12)
    title = factory.Sequence(lambda n: f"Workshop {n}")
    deep_dive_topic = "Social value metrics"


class AttendanceFactory(DjangoModelFactory):
    class Meta:
        model = Attendance

    workshop = factory.SubFactory(WorkshopFactory)
    collaborative = factory.SelfAttribute("workshop.collaborative")
    person = factory.SubFactory(
        PersonFactory,
        organisation=factory.SubFactory(
            OrganisationFactory, collaborative=factory.SelfAttribute("...collaborative")
        ),
    )
    organisation = factory.SelfAttribute("person.organisation")


class OrganisationUpdateFactory(DjangoModelFactory):
    class Meta:
        model = OrganisationUpdate

    workshop = factory.SubFactory(WorkshopFactory)
    workstream = factory.SelfAttribute("workshop.workstream")
    collaborative = factory.SelfAttribute("workstream.collaborative")
    organisation = factory.SubFactory(
        OrganisationFactory, collaborative=factory.SelfAttribute("..collaborative")
    )
    date = factory.LazyAttribute(lambda o: o.workshop.date if o.workshop else _date(2024, 4, 1))
    current_focus = "Refreshing our social value policy."
    challenges = "Sign-off takes months."
    successes = "Two local SMEs won contracts."


class ActionFactory(DjangoModelFactory):
    class Meta:
        model = Action

    workshop = factory.SubFactory(WorkshopFactory)
    collaborative = factory.SelfAttribute("workshop.collaborative")
    owner = factory.SubFactory(
        PersonFactory,
        organisation=factory.SubFactory(
            OrganisationFactory, collaborative=factory.SelfAttribute("...collaborative")
        ),
    )
    organisation = factory.SelfAttribute("owner.organisation")
    description = factory.Sequence(lambda n: f"Share the supplier list, version {n}")
    due_date = _date(2024, 4, 30)


def work_setting(*, collaborative, org_a, org_b, lead_a, lead_b, sponsor_a, today=None):
    """A workstream both anchors take part in (A sponsored, B not), with one workshop where each
    gave an update and lead A owns an overdue action. Returns the objects by name."""
    today = today or timezone.localdate()
    workstream = WorkstreamFactory(collaborative=collaborative, name="Procurement")
    WorkstreamStatusChangeFactory(workstream=workstream)
    participation_a = ParticipationFactory(
        workstream=workstream,
        organisation=org_a,
        lead=lead_a.person,
        sponsor=sponsor_a.person,
        sponsorship=Participation.Sponsorship.SECURED,
        sponsorship_date=_date(2024, 2, 1),
        staff_days_per_quarter=5,
    )
    participation_b = ParticipationFactory(
        workstream=workstream,
        organisation=org_b,
        lead=lead_b.person,
        sponsorship=Participation.Sponsorship.REQUESTED,
        sponsorship_date=_date(2024, 2, 1),
    )
    theme = ThemeFactory(collaborative=collaborative, name="Social Value")
    workshop = WorkshopFactory(workstream=workstream, title="Workshop 1: social value")
    workshop.themes.add(theme)
    AttendanceFactory(workshop=workshop, person=lead_a.person, organisation=org_a)
    AttendanceFactory(workshop=workshop, person=lead_b.person, organisation=org_b)
    update_a = OrganisationUpdateFactory(workshop=workshop, organisation=org_a)
    update_b = OrganisationUpdateFactory(
        workshop=workshop, organisation=org_b, current_focus="Beta's focus"
    )
    action = ActionFactory(
        workshop=workshop,
        owner=lead_a.person,
        description="Circulate the draft social value metrics",
        due_date=today - timedelta(days=2),
    )
    return {
        "workstream": workstream,
        "participation_a": participation_a,
        "participation_b": participation_b,
        "workshop": workshop,
        "theme": theme,
        "update_a": update_a,
        "update_b": update_b,
        "action": action,
    }
