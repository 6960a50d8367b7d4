"""Load the English Indices of Deprivation 2019 (File 1, shipped in workforce/data/imd2019), so a
fresh database has the official table after ``migrate``."""

from django.db import migrations


def load(apps, schema_editor):
    from workforce import deprivation

    Edition = apps.get_model("workforce", "DeprivationEdition")
    Row = apps.get_model("workforce", "LsoaDeprivation")
    if Edition.objects.filter(code="2019", row_count__gt=0).exists():
        return
    table = deprivation.read_imd_file(deprivation.IMD2019_FILE, edition_code="2019")
    deprivation.write_edition(
        edition_model=Edition,
        row_model=Row,
        code="2019",
        name=deprivation.IMD2019_NAME,
        source=deprivation.IMD2019_SOURCE,
        table=table,
    )


def unload(apps, schema_editor):
    Edition = apps.get_model("workforce", "DeprivationEdition")
    Row = apps.get_model("workforce", "LsoaDeprivation")
    Row.objects.filter(edition__code="2019").delete()
    Edition.objects.filter(code="2019").update(row_count=0)


class Migration(migrations.Migration):
    dependencies = [("workforce", "0001_initial")]

    operations = [migrations.RunPython(load, unload, elidable=False)]
