import factory
from factory.django import DjangoModelFactory

from anchors.models import Collaborative, Membership, Organisation, Person, Role, Theme, User

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
    return user
