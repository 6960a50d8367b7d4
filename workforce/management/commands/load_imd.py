"""``python manage.py load_imd FILE --edition 2025``: File 1 of the English Indices of
Deprivation as published (CSV, gzip-compressed CSV or the .xlsx workbook; the heading row and
columns are found by their names). New records then use the newest edition loaded; records made
before keep the edition they used. Loading an edition again replaces its rows."""

from django.core.management.base import BaseCommand, CommandError

from workforce.deprivation import ImdFileError, load_imd


class Command(BaseCommand):
    help = "Load File 1 (IMD rank and decile by LSOA) of an edition of the Indices of Deprivation."

    def add_arguments(self, parser):
        parser.add_argument("file", help="File 1 as published: .csv, .csv.gz or .xlsx")
        parser.add_argument("--edition", required=True, help="The edition's year, e.g. 2025")
        parser.add_argument(
            "--name", default="", help="Default: English Indices of Deprivation <year>"
        )

    def handle(self, *args, **options):
        try:
            edition, rows = load_imd(options["file"], code=options["edition"], name=options["name"])
        except ImdFileError as error:
            raise CommandError(error.message) from error
        except OSError as error:
            raise CommandError(f"{options['file']}: {error.strerror}") from error
        self.stdout.write(
            f"Loaded {rows:,} LSOAs ({edition.get_geography_display()}) as the {edition.name}. "
            "New records use the newest edition loaded."
        )
