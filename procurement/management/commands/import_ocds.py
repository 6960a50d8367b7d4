"""``python manage.py import_ocds PATH [PATH ...]``: the upload page's importer, from the command
line. Prints the created, updated, skipped and rejected counts and every release listed.

All or nothing per file, as the page (ADR 14): a file with any refused release imports nothing,
and each refused release is printed with its place in the file, its id, its ocid and the reason.
The command exits with status 1 when any file was refused."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from anchors.models import Collaborative
from procurement.services.pipeline import ocds_import


class Command(BaseCommand):
    help = "Import OCDS release packages or releases (JSON files) into the tender pipeline."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="OCDS JSON files")
        parser.add_argument(
            "--collaborative",
            help="The collaborative's name (needed when there is more than one).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would happen; save nothing."
        )
        parser.add_argument(
            "--leave-out-refused",
            action="store_true",
            help=(
                "Import a file's other releases when some are refused (each refused one is "
                "still listed); without it such a file saves nothing."
            ),
        )

    def _collaborative(self, name):
        collaboratives = Collaborative.objects.all()
        if name:
            collaboratives = collaboratives.filter(name__iexact=name)
        found = list(collaboratives[:2])
        if len(found) != 1:
            raise CommandError(
                "Name the collaborative with --collaborative."
                if found
                else "No such collaborative."
            )
        return found[0]

    def handle(self, *args, **options):
        collaborative = self._collaborative(options.get("collaborative"))
        files = []
        for path in options["paths"]:
            try:
                files.append((path, Path(path).read_bytes()))
            except OSError as error:
                raise CommandError(f"{path}: {error.strerror}") from error
        report = ocds_import(
            user=None,
            collaborative=collaborative,
            files=files,
            dry_run=options["dry_run"],
            leave_out_refused=options["leave_out_refused"],
        )
        for refused in report.refused_files:
            self.stdout.write(f"refused   {refused.file}: {refused.reason}")
        # A release of a file refused whole (unreadable, or nothing to leave out) was rejected;
        # one of a file whose other releases were imported was left out, as asked.
        whole = {refused.file for refused in report.refused_files}
        for listed in report.rejections:
            left_out = options["leave_out_refused"] and listed.file not in whole
            label = "left out " if left_out else "rejected "
            ocid = f" ocid {listed.ocid}:" if listed.ocid else ""
            self.stdout.write(f"{label} {listed.file}: {listed.where}:{ocid} {listed.reason}")
        for listed in report.skips:
            buyer = f" ({listed.buyer})" if listed.buyer else ""
            self.stdout.write(f"skipped   {listed.file}: {listed.where}{buyer}: {listed.reason}")
        for listed in report.warnings:
            self.stdout.write(f"warning   {listed.file}: {listed.where}: {listed.reason}")
        prefix = "Dry run, nothing saved: " if report.dry_run else ""
        self.stdout.write(prefix + report.summary)
        if report.refused_files:
            raise CommandError(
                "Nothing was imported from "
                + ", ".join(refused.file for refused in report.refused_files)
                + ": see the refused releases above."
            )
