"""``python manage.py load_postcode_lookup FILE``: the ONS Postcode Directory (ONSPD) or National
Statistics Postcode Lookup (NSPL) CSV as published (plain, gzip or the published zip), so a new
starter's home postcode can be entered instead of the LSOA. Postcodes are looked up, never stored
with a starter. Replaces any lookup loaded before; terminated postcodes are kept."""

import time

from django.core.management.base import BaseCommand, CommandError

from workforce.postcodes import LookupFileError, load_postcode_lookup


class Command(BaseCommand):
    help = "Load a postcode-to-LSOA lookup (ONSPD or NSPL CSV) for starters' home postcodes."

    def add_arguments(self, parser):
        parser.add_argument("file", help="ONSPD or NSPL CSV (.csv, .csv.gz or the published .zip)")
        parser.add_argument(
            "--source", default="", help="How to describe the file, e.g. ONSPD May 2025"
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        try:
            result = load_postcode_lookup(options["file"], source=options["source"])
        except LookupFileError as error:
            raise CommandError(error.message) from error
        except OSError as error:
            raise CommandError(f"{options['file']}: {error.strerror}") from error
        lsoas = ", ".join(c for c in (result.lsoa11_column, result.lsoa21_column) if c)
        self.stdout.write(
            f"Loaded {result.rows:,} postcodes (columns {result.postcode_column}, {lsoas}; "
            f"{result.ignored_columns} other columns ignored; {result.skipped:,} rows without a "
            f"postcode or LSOA skipped) in {time.monotonic() - started:.1f} s."
        )
