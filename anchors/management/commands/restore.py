"""`manage.py restore FILE` (`make restore FILE=…`): put a backup's database and media files back.

The configured database (DATABASE_URL) and MEDIA_ROOT are replaced by the archive's: for
PostgreSQL with ``pg_restore --clean --if-exists`` in one transaction (an empty, freshly created
database works too), for SQLite with SQLite's backup API. Asks first unless ``--noinput``.
"""

import json
import shutil
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from anchors.management.commands.backup import (
    DUMPS,
    FORMAT,
    MANIFEST,
    engine,
    media_files,
    pg_command,
    run,
    sqlite_copy,
)


def _read_manifest(archive) -> dict:
    try:
        manifest = json.load(archive.extractfile(MANIFEST))
    except (KeyError, ValueError) as error:
        raise CommandError("This is not a portal backup (no readable manifest.json).") from error
    if manifest.get("format") != FORMAT:
        raise CommandError(f"Unknown backup format {manifest.get('format')!r}.")
    return manifest


def _replace_media(source: Path, root: Path) -> int:
    """Make MEDIA_ROOT hold exactly the backup's files (the directory itself is kept: it may be
    a mount point)."""
    root.mkdir(parents=True, exist_ok=True)
    for child in root.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    if source.is_dir():
        shutil.copytree(source, root, dirs_exist_ok=True)
    return len(media_files(root))


class Command(BaseCommand):
    help = "Restore the database and the media files from an archive made by `manage.py backup`."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The archive, e.g. backups/anchors-20261128-0300.tar.gz")
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive", help="Do not ask."
        )

    def handle(self, *args, file, interactive=True, **options):
        vendor = engine()
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        with tarfile.open(path, "r:gz") as archive, tempfile.TemporaryDirectory() as work:
            manifest = _read_manifest(archive)
            if manifest["engine"] != vendor:
                raise CommandError(
                    f"This backup is of a {manifest['engine']} database; DATABASE_URL is {vendor}."
                )
            database = settings.DATABASES["default"]["NAME"]
            if interactive:
                answer = input(
                    f"This replaces the database {database} and every file in "
                    f"{settings.MEDIA_ROOT} with the backup made {manifest['created']}.\n"
                    "Type 'yes' to continue: "
                )
                if answer.strip().lower() != "yes":
                    raise CommandError("Restore cancelled.")
            # The "data" filter refuses absolute paths, links out of the folder and devices.
            archive.extractall(work, filter="data")
            dump = Path(work) / DUMPS[vendor]
            connections.close_all()
            if vendor == "postgresql":
                command, env = pg_command(
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--no-privileges",
                    "--single-transaction",
                    "--exit-on-error",
                    str(dump),
                )
                run(command, env)
            else:
                sqlite_copy(dump, database)
            restored_media = _replace_media(Path(work) / "media", Path(settings.MEDIA_ROOT))
        cache.clear()  # anything cached was computed from the database just replaced
        self.stdout.write(
            f"Restored the {vendor} database {database} and {restored_media} media files from "
            f"{path} (made {manifest['created']})."
        )
