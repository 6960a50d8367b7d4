"""What the workstream, workshop and update loaders share: ``Demo``, the loading context (the
collaborative, its organisations, themes and people by handle), and quiet upserts.

``Demo`` also adds the people the demo's work names beyond the logins and leads.
"""

from datetime import timedelta

from django.utils import timezone

from anchors.models import Membership, Organisation, Person, Role, Theme, User

# More people of the procurement group (business engagement and strategy teams), their senior
# sponsors, and guests from wider stakeholders: name, job title, organisation, email, role.
PEOPLE = [
    ("Owen Clarke", "Business Engagement Manager", "Hackney Council", "owen.clarke", None),
    (
        "Nadia Rahman",
        "Sustainable Procurement Officer",
        "Hackney Council",
        "nadia.rahman",
        None,
    ),
    (
        "Hannah Kowalski",
        "Social Value and Sustainability Lead",
        "ELFT",
        "hannah.kowalski",
        None,
    ),
    (
        "Joseph Mensah",
        "Strategy and Partnerships Manager",
        "NEL ICB",
        "joseph.mensah",
        None,
    ),
    (
        "Imogen Hart",
        "Responsible Procurement Manager",
        "City of London",
        "imogen.hart",
        None,
    ),
    ("Kwame Asante", "Sustainability Manager", "Homerton", "kwame.asante", None),
    ("Lena Fischer", "Programme Officer", "Renaisi", "lena.fischer", None),
    (
        "Victoria Lane",
        "Commercial Director",
        "City of London",
        "victoria.lane",
        Role.SENIOR_SPONSOR,
    ),
    ("Peter Oduya", "Director of Finance", "NEL ICB", "peter.oduya", Role.SENIOR_SPONSOR),
    ("Sarah Whitlock", "Chief Finance Officer", "ELFT", "sarah.whitlock", Role.SENIOR_SPONSOR),
    ("James Harper", "Chief Finance Officer", "Homerton", "james.harper", Role.SENIOR_SPONSOR),
    (
        "Diane Foster",
        "Director of People",
        "City of London",
        "diane.foster",
        Role.SENIOR_SPONSOR,
    ),
    ("Marcus Bell", "Social Value Manager", "Peabody", "marcus.bell", None),
    (
        "Sofia Costa",
        "Head of Sustainable Procurement",
        "Barts Health",
        "sofia.costa",
        None,
    ),
    ("Amara Nwosu", "Public Health Consultant", "Public Health", "amara.nwosu", None),
    ("Gareth Lloyd", "Procurement Business Partner", "NEL CSU", "gareth.lloyd", None),
]


def _email(handle):
    return handle if "@" in handle else f"{handle}@example.org"


def _upsert(model, lookup, values, *, user=None):
    """Get or create by lookup; save only when a value differs, so history stays quiet."""
    obj = model.objects.filter(**lookup).first()
    created = obj is None
    if created:
        obj = model(**lookup, **values)
    else:
        changed = [k for k, v in values.items() if getattr(obj, k) != v]
        if not changed:
            return obj, False
        for k in changed:
            setattr(obj, k, values[k])
    obj._history_user = user  # django-simple-history: who made the change
    obj.save()
    return obj, created


class Demo:
    """The collaborative being loaded and what the loaders look up in it."""

    def __init__(self, collaborative):
        self.collaborative = collaborative
        self.today = timezone.localdate()
        self.orgs = {
            o.short_name: o for o in Organisation.objects.filter(collaborative=collaborative)
        }
        self.themes = {t.name: t for t in Theme.objects.filter(collaborative=collaborative)}
        self.facilitator = User.objects.filter(email="facilitator@example.org").first()
        for name, title, org, handle, role in PEOPLE:
            person, _ = self.upsert(
                Person,
                {"collaborative": collaborative, "email": _email(handle)},
                {"name": name, "job_title": title, "organisation": self.orgs[org]},
            )
            if role:
                Membership.objects.get_or_create(
                    collaborative=collaborative,
                    person=person,
                    organisation=self.orgs[org],
                    role=role,
                )
        self.people = {
            p.email.split("@")[0]: p
            for p in Person.objects.filter(collaborative=collaborative).select_related(
                "organisation", "user"
            )
            if p.email
        }

    def upsert(self, model, lookup, values):
        return _upsert(model, lookup, values, user=self.facilitator)

    def person(self, handle):
        return self.people[handle]

    def user_of(self, handle):
        person = self.people.get(handle)
        return person.user if person and person.user_id else self.facilitator

    def days_ago(self, days):
        return self.today - timedelta(days=days)
