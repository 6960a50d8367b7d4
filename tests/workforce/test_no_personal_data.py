"""Data minimisation: no workforce table can hold a person's name, date of birth, address,
postcode or staff number. Every field of every workforce model (the programme and rotation
models included) must be on the allowed list; a new field fails this test until it is judged."""

from django.apps import apps

ALLOWED = {
    "*": {"id", "collaborative", "created_at", "updated_at", "created_by"},
    "DeprivationEdition": {"code", "name", "geography", "source", "row_count", "loaded_at"},
    "LsoaDeprivation": {
        "edition",
        "lsoa_code",
        "lsoa_name",
        "district_code",
        "district_name",
        "rank",
        "decile",
    },
    "PostcodeLookupLoad": {"source", "row_count", "has_lsoa11", "has_lsoa21"},
    # National reference data (the ONS directory), not about any person.
    "PostcodeLsoa": {"postcode", "lsoa11", "lsoa21"},
    "WorkforceSettings": {"area_districts", "deprived_decile_cutoff"},
    "Starter": {
        "organisation",
        "period",
        "role_band",
        "start_date",
        "route",
        "home_lsoa",
        "edition",
        "imd_decile",
        "in_area",
    },
    "StarterCount": {
        "organisation",
        "period",
        "route",
        "edition",
        "decile_cutoff",
        "starters",
        "resident_in_area",
        "from_deprived_deciles",
    },
    "RouteProgramme": {"organisation", "kind", "partner", "activity", "active"},
    "RouteActivity": {"programme", "period", "people_reached", "progressions"},
    "ApprenticeshipProgramme": {
        "organisation",
        "standard_name",
        "level",
        "occupation",
        "places",
        "start_date",
        "duration_months",
        "training_provider",
        "funding",
        "transfer_from",
        "transfer_amount",
        "status",
    },
    "Apprentice": {
        "programme",
        "reference",
        "start_date",
        "expected_end_date",
        "outcome",
        "home_lsoa",
        "edition",
        "imd_decile",
    },
    "Rotation": {
        "name",
        "description",
        "state",
        "state_reason",
        "start_date",
        "end_date",
        "placement_weeks",
        "max_gap_weeks",
        "min_employer_weeks",
    },
    # The sponsor who signs off is the host's member of staff (anchors.Person), not an apprentice.
    "RotationHost": {
        "rotation",
        "organisation",
        "capacity",
        "available_from",
        "available_to",
        "supervisor",
        "signed_off_by",
        "signed_off_at",
    },
    "RotationMember": {"rotation", "apprentice"},
    "Placement": {
        "rotation",
        "apprentice",
        "host",
        "start_date",
        "end_date",
        "supervisor",
        "learning_objectives",
    },
}
HISTORY = {"history_id", "history_date", "history_change_reason", "history_type", "history_user"}
FORBIDDEN_WORDS = ("name", "birth", "dob", "address", "email", "phone", "nhs_number", "ni_number")


def _models():
    return [m for m in apps.get_app_config("workforce").get_models()]


def test_every_workforce_field_is_allowed():
    unexpected = {}
    for model in _models():
        fields = {f.name for f in model._meta.concrete_fields}
        if model.__name__.startswith("Historical"):
            base = model.__name__.removeprefix("Historical")
            allowed = ALLOWED.get(base, set()) | ALLOWED["*"] | HISTORY
        else:
            assert model.__name__ in ALLOWED, f"{model.__name__} is not judged yet"
            allowed = ALLOWED[model.__name__] | ALLOWED["*"]
        extra = fields - allowed
        if extra:
            unexpected[model.__name__] = sorted(extra)
    assert unexpected == {}


def test_no_person_level_field_names_a_person():
    """Names are allowed only for places, editions and programmes, never on a person's row."""
    for model_name in ("Starter", "Apprentice", "Placement", "RotationMember", "StarterCount"):
        model = apps.get_model("workforce", model_name)
        for field in model._meta.concrete_fields:
            assert not any(word in field.name for word in FORBIDDEN_WORDS), (model_name, field)
    assert not any(
        "postcode" in f.name for f in apps.get_model("workforce", "Starter")._meta.fields
    )
