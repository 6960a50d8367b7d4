"""The demo collaborative itself: its organisations, themes, backbone, logins and leads.

Organisations, themes and the backbone come from the paper. People, their names and all figures
are invented for illustration. Every step is an upsert on a natural key, so running it again
creates nothing new.
"""

import base64
import hashlib
from decimal import Decimal

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import encrypt
from django.conf import settings

from anchors.models import Collaborative, Membership, Organisation, Person, Role, Theme, User
from anchors.services.security import login_email_verify

COLLABORATIVE = {
    "name": "City & Hackney Anchor Collaborative",
    "place": "City of London and the London Borough of Hackney",
    "description": (
        "A formal partnership of City & Hackney's anchor institutions that share a geography and "
        "collective objectives: using what they buy and whom they employ to tackle inequalities "
        "and build an inclusive local economy. Facilitated by Renaisi as independent backbone."
    ),
}

K = Organisation.Kind
R = Organisation.CollaborativeRole

# name, short name, kind, role, website, postcode, headcount, spend (illustrative figures)
ORGANISATIONS = [
    (
        "Hackney Council",
        "Hackney Council",
        K.LOCAL_AUTHORITY,
        R.CORE_ANCHOR,
        "https://hackney.gov.uk",
        "E8 1EA",
        4600,
        "410000000",
    ),
    (
        "NHS North East London ICB (formerly City and Hackney CCG)",
        "NEL ICB",
        K.ICB,
        R.CORE_ANCHOR,
        "https://northeastlondon.icb.nhs.uk",
        "E1 6LU",
        900,
        "95000000",
    ),
    (
        "East London NHS Foundation Trust",
        "ELFT",
        K.NHS_TRUST,
        R.CORE_ANCHOR,
        "https://www.elft.nhs.uk",
        "E1 8DE",
        7500,
        "180000000",
    ),
    (
        "City & Hackney GP Confederation",
        "GP Confederation",
        K.PRIMARY_CARE,
        R.CORE_ANCHOR,
        "https://www.gpconfederation.org",
        "E8 1DY",
        350,
        "6500000",
    ),
    (
        "City of London Corporation",
        "City of London",
        K.LOCAL_AUTHORITY,
        R.CORE_ANCHOR,
        "https://www.cityoflondon.gov.uk",
        "EC2V 7HH",
        3800,
        "320000000",
    ),
    (
        "Homerton Healthcare NHS Foundation Trust (Homerton Hospital)",
        "Homerton",
        K.NHS_TRUST,
        R.CORE_ANCHOR,
        "https://www.homerton.nhs.uk",
        "E9 6SR",
        4200,
        "140000000",
    ),
    ("Renaisi", "Renaisi", K.VCSE, R.BACKBONE, "https://renaisi.com", "E8 4RU", 70, None),
    (
        "Peabody",
        "Peabody",
        K.HOUSING,
        R.WIDER_STAKEHOLDER,
        "https://www.peabody.org.uk",
        "SE1 8UJ",
        None,
        None,
    ),
    (
        "Barts Health NHS Trust",
        "Barts Health",
        K.NHS_TRUST,
        R.WIDER_STAKEHOLDER,
        "https://www.bartshealth.nhs.uk",
        "E1 1FR",
        None,
        None,
    ),
    (
        "Improving Outcomes for Young Black Men initiative",
        "IOYBM",
        K.OTHER,
        R.WIDER_STAKEHOLDER,
        "",
        "",
        None,
        None,
    ),
    (
        "Sport England local delivery pilot (Hackney)",
        "Sport England pilot",
        K.OTHER,
        R.WIDER_STAKEHOLDER,
        "https://www.sportengland.org",
        "",
        None,
        None,
    ),
    (
        "City & Hackney Public Health",
        "Public Health",
        K.LOCAL_AUTHORITY,
        R.WIDER_STAKEHOLDER,
        "",
        "E8 1EA",
        None,
        None,
    ),
    (
        "City Bridge Trust (now City Bridge Foundation)",
        "Citybridge Trust",
        K.VCSE,
        R.WIDER_STAKEHOLDER,
        "https://www.citybridgefoundation.org.uk",
        "EC2P 2EJ",
        None,
        None,
    ),
    (
        "Museum of London",
        "Museum of London",
        K.CULTURAL,
        R.WIDER_STAKEHOLDER,
        "https://www.museumoflondon.org.uk",
        "",
        None,
        None,
    ),
    (
        "North East London Commissioning Support Unit",
        "NEL CSU",
        K.OTHER,
        R.WIDER_STAKEHOLDER,
        "",
        "",
        None,
        None,
    ),
]

THEMES = [
    (
        "Net Zero",
        "Decarbonising what the anchors buy and how they operate: carbon reduction plans, "
        "greener fleets and buildings, and the skills for green jobs and a circular economy.",
    ),
    (
        "Social Value",
        "Securing wider benefit for local people from contracts and employment: "
        "local and diverse suppliers, jobs and apprenticeships, and shared ways of measuring it.",
    ),
    (
        "Modern Slavery",
        "Finding and tackling the risk of forced labour and exploitation in supply "
        "chains, through supplier assessment, contract clauses and shared training.",
    ),
]

# email, name, job title, organisation short name, role (None: no role), superuser
LOGINS = [
    (
        "facilitator@example.org",
        "Sam Okafor",
        "Anchor collaborative facilitator",
        "Renaisi",
        Role.FACILITATOR,
        False,
    ),
    (
        "lead.hackney@example.org",
        "Priya Shah",
        "Head of Procurement",
        "Hackney Council",
        Role.PROCUREMENT_LEAD,
        False,
    ),
    (
        "lead.elft@example.org",
        "Tom Gallagher",
        "Associate Director of Procurement",
        "ELFT",
        Role.PROCUREMENT_LEAD,
        False,
    ),
    (
        "sponsor.hackney@example.org",
        "Grace Adeyemi",
        "Group Director, Finance and Corporate Resources",
        "Hackney Council",
        Role.SENIOR_SPONSOR,
        False,
    ),
    # The workforce lead of a host of the rotating-apprenticeship pilot (workforce's demo).
    (
        "femi.adebayo@example.org",
        "Femi Adebayo",
        "Apprenticeships Lead",
        "Hackney Council",
        Role.WORKFORCE_LEAD,
        False,
    ),
    (
        "hwb@example.org",
        "Cllr Helen Marsh",
        "Member, Health and Wellbeing Board",
        "Hackney Council",
        Role.HWB_MEMBER,
        False,
    ),
    ("admin@example.org", "Portal Administrator", "Service administrator", "Renaisi", None, True),
]

# Leads without a login yet: they attend workshops and receive reminders.
PEOPLE = [
    (
        "Daniel Reyes",
        "Procurement Manager",
        "NEL ICB",
        "daniel.reyes@example.org",
        Role.PROCUREMENT_LEAD,
    ),
    (
        "Aisha Begum",
        "Business Manager",
        "GP Confederation",
        "aisha.begum@example.org",
        Role.PROCUREMENT_LEAD,
    ),
    (
        "Mark Whitfield",
        "Head of Commercial Services",
        "City of London",
        "mark.whitfield@example.org",
        Role.PROCUREMENT_LEAD,
    ),
    (
        "Chloe Lambert",
        "Head of Procurement",
        "Homerton",
        "chloe.lambert@example.org",
        Role.PROCUREMENT_LEAD,
    ),
    (
        "Rachel Osei",
        "Apprenticeship Manager",
        "ELFT",
        "rachel.osei@example.org",
        Role.WORKFORCE_LEAD,
    ),
    (
        "Jon Price",
        "Apprenticeships and Skills Manager",
        "City of London",
        "jon.price@example.org",
        Role.WORKFORCE_LEAD,
    ),
]

# The demo logins that must use two-factor authentication (settings.MFA_REQUIRED_ROLES, and
# administrators) come with an authenticator already set up, so the demo works as it would for
# real: its key is printed with the logins (and `manage.py demo_code` prints a current code).
DEMO_TOTP_LOGINS = ("facilitator@example.org", "admin@example.org")


def demo_totp_secret(password=None) -> str:
    """The demo's authenticator key: derived from the demo password, so it is as secret as that
    password, the same on every load, and the default one can be written in the README."""
    password = settings.DEMO_PASSWORD if password is None else password
    digest = hashlib.sha256(f"anchors-demo-totp:{password}".encode()).digest()[:20]
    return base64.b32encode(digest).decode("ascii")


def demo_totp_code(*, at: float) -> str:
    """The code an authenticator app holding the demo key shows at the time ``at``."""
    return format_hotp_value(hotp_value(demo_totp_secret(), int(at) // mfa_settings.TOTP_PERIOD))


def _spaced(secret):
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _role_label(email, role):
    label = role.label if role else "Administrator (superuser)"
    if email in DEMO_TOTP_LOGINS:
        label += f", authenticator key {_spaced(demo_totp_secret())}"
    return label


DEMO_LOGIN_TABLE = [
    (email, name, _role_label(email, role), org) for email, name, _, org, role, _ in LOGINS
]


def _organisations(collaborative):
    by_short = {}
    for name, short, kind, role, website, postcode, headcount, spend in ORGANISATIONS:
        org, _ = Organisation.objects.update_or_create(
            collaborative=collaborative,
            short_name=short,
            defaults={
                "name": name,
                "kind": kind,
                "role": role,
                "website": website,
                "postcode": postcode,
                "headcount": headcount,
                "annual_spend": Decimal(spend) if spend else None,
                "active": True,
            },
        )
        by_short[short] = org
    return by_short


def _person(collaborative, *, name, job_title, organisation, email, user=None):
    person, _ = Person.objects.update_or_create(
        collaborative=collaborative,
        email=email,
        defaults={"name": name, "job_title": job_title, "organisation": organisation},
    )
    if user is not None and person.user_id != user.pk:
        person.user = user
        person.save(update_fields=["user"])
    return person


def _demo_authenticator(user):
    """The demo key as the login's authenticator app (kept if it is already the same)."""
    current = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    data = {"secret": encrypt(demo_totp_secret())}
    if current is None:
        Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data=data)
    elif current.data != data:
        current.data = data
        current.save(update_fields=["data"])


def load_collaborative():
    """The collaborative, its organisations and themes, the demo logins and the leads."""
    collaborative, _ = Collaborative.objects.update_or_create(
        name=COLLABORATIVE["name"],
        defaults={**{k: v for k, v in COLLABORATIVE.items() if k != "name"}, "is_demo": True},
    )
    orgs = _organisations(collaborative)
    if collaborative.backbone_id != orgs["Renaisi"].pk:
        collaborative.backbone = orgs["Renaisi"]
        collaborative.save(update_fields=["backbone"])

    for name, description in THEMES:
        Theme.objects.update_or_create(
            collaborative=collaborative, name=name, defaults={"description": description}
        )

    password = settings.DEMO_PASSWORD
    for email, name, job_title, org_short, role, superuser in LOGINS:
        user = User.objects.filter(email=email).first()
        if user is None:
            factory = User.objects.create_superuser if superuser else User.objects.create_user
            user = factory(email=email, password=password)
        else:
            user.set_password(password)
            user.is_superuser = user.is_staff = superuser
            user.is_active = True
            user.save()
        person = _person(
            collaborative,
            name=name,
            job_title=job_title,
            organisation=orgs[org_short],
            email=email,
            user=user,
        )
        if role:
            Membership.objects.get_or_create(
                collaborative=collaborative, person=person, organisation=orgs[org_short], role=role
            )
        login_email_verify(user=user)
        if email in DEMO_TOTP_LOGINS:
            _demo_authenticator(user)

    for name, job_title, org_short, email, role in PEOPLE:
        person = _person(
            collaborative,
            name=name,
            job_title=job_title,
            organisation=orgs[org_short],
            email=email,
        )
        Membership.objects.get_or_create(
            collaborative=collaborative, person=person, organisation=orgs[org_short], role=role
        )
    return collaborative
