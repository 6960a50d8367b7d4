"""Demo shared resources: a few documents the anchors share, each a small text or CSV file
written for illustration (not the anchors' real policies)."""

from django.core.files.base import ContentFile

from anchors.common.history import save_with_history
from anchors.models import Membership, Organisation, Role, Theme, User
from procurement.models import Resource, ResourceVersion

# title, kind, organisation short name (None: the collaborative), themes, file name, versions
RESOURCES = [
    (
        "Social value questions for tenders over £100k",
        Resource.Kind.SOCIAL_VALUE_QUESTION,
        None,
        ["Social Value"],
        "social-value-questions.csv",
        [
            "Question,Weight %,Measure\n"
            "How many local people will you employ on this contract?,4,Local FTE\n"
            "How much will you spend with local SMEs and VCSEs?,3,£ local spend\n"
            "How will you support people furthest from work into jobs?,3,Starts\n",
            "Question,Weight %,Measure\n"
            "How many local people will you employ on this contract?,4,Local FTE\n"
            "How much will you spend with local SMEs and VCSEs?,3,£ local spend\n"
            "How will you support people furthest from work into jobs?,2,Starts\n"
            "How will you cut the carbon of delivering this contract?,1,tCO2e\n",
        ],
    ),
    (
        "Modern slavery contract clause",
        Resource.Kind.CONTRACT_CLAUSE,
        "Hackney Council",
        ["Modern Slavery"],
        "modern-slavery-clause.txt",
        [
            "The Supplier shall take reasonable steps to ensure there is no slavery or human "
            "trafficking in its supply chains, shall report any it finds to the Authority, and "
            "shall let the Authority audit its compliance. (Illustrative demo text.)\n"
        ],
    ),
    (
        "Carbon reduction plan requirement",
        Resource.Kind.POLICY,
        "ELFT",
        ["Net Zero"],
        "carbon-reduction-plan.txt",
        [
            "Suppliers bidding for contracts over £5m a year publish a carbon reduction plan "
            "covering scopes 1 and 2 and part of scope 3, with a commitment to net zero by 2050. "
            "(Illustrative demo text.)\n"
        ],
    ),
]


def load_resources(collaborative, *, user=None) -> str:
    """Shared by the facilitator unless ``user`` says otherwise."""
    user = (
        user
        or Membership.objects.filter(
            collaborative=collaborative, role=Role.FACILITATOR, person__user__isnull=False
        )
        .values_list("person__user", flat=True)
        .first()
    )
    if isinstance(user, int):
        user = User.objects.get(pk=user)
    organisations = {
        o.short_name: o for o in Organisation.objects.filter(collaborative=collaborative)
    }
    themes = {t.name: t for t in Theme.objects.filter(collaborative=collaborative)}
    made = 0
    for title, kind, owner, theme_names, filename, versions in RESOURCES:
        if Resource.objects.filter(collaborative=collaborative, title=title).exists():
            continue
        resource = save_with_history(
            Resource(
                collaborative=collaborative,
                title=title,
                kind=kind,
                organisation=organisations.get(owner) if owner else None,
                description="Shared at a procurement workshop. Illustrative demo document.",
            ),
            user=user,
        )
        resource.themes.set([themes[n] for n in theme_names if n in themes])
        for number, text in enumerate(versions, start=1):
            content = text.encode()
            version = ResourceVersion(
                collaborative=collaborative,
                resource=resource,
                number=number,
                filename=filename,
                file_type=filename.rsplit(".", 1)[1],
                size=len(content),
                note="First version" if number == 1 else "Carbon question added",
                uploaded_by=user,
            )
            version.file.save(filename, ContentFile(content), save=False)
            version.save()
        made += 1
    return f"{made} new shared document(s)."
