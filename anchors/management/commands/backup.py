"""`manage.py backup` (`make backup`): the database and the media files in one archive.

The archive (``backups/anchors-YYYYmmdd-HHMMSS.tar.gz`` unless ``--output`` says otherwise)
holds ``manifest.json``, the database — ``database.pgdump`` (``pg_dump -Fc``) for PostgreSQL,
``database.sqlite3`` (SQLite's online backup API) for SQLite — and ``media/``, the uploaded
files. ``manage.py restore FILE`` puts both back.
"""

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
DUMPS = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}


def engine() -> str:
    """ "postgresql" or "sqlite"; anything else cannot be backed up by these commands."""
    if connection.vendor not in DUMPS:
        raise CommandError(f"Backups support PostgreSQL and SQLite, not {connection.vendor}.")
    return connection.vendor


def pg_command(program, *arguments) -> tuple[list[str], dict]:
    """A PostgreSQL client command for the configured database, and its environment."""
    path = shutil.which(program)
    if path is None:
        raise CommandError(f"{program} is not installed (Debian: postgresql-client).")
    db = settings.DATABASES["default"]
    command = [path]
    for flag, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if db.get(key):
            command += [flag, str(db[key])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return [*command, *arguments, "--dbname", db["NAME"]], env


def run(command, env):
    # A PostgreSQL client found on PATH, with our own arguments and no shell.
    result = subprocess.run(  # noqa: S603
        command, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise CommandError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")
    return result


def sqlite_copy(source_path, target_path):
    """Copy one SQLite database into another with SQLite's online backup (consistent while the
    portal writes)."""
    source = sqlite3.connect(source_path)
    target = sqlite3.connect(target_path)
    try:
        with target:
            source.backup(target)
    finally:
        target.close()
        source.close()


def media_files(root) -> list[Path]:
    root = Path(root)
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file())


class Command(BaseCommand):
    help = "Back up the database and the media files into one timestamped archive under backups/."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="The archive to write (default: backups/…tar.gz).")

    def handle(self, *args, output=None, **options):
        vendor = engine()
        created = timezone.now()
        target = Path(
            output
            or Path(settings.BASE_DIR) / "backups" / f"anchors-{created:%Y%m%d-%H%M%S}.tar.gz"
        )
        target.parent.mkdir(parents=True, exist_ok=True)
        media = media_files(settings.MEDIA_ROOT)
        with tempfile.TemporaryDirectory(prefix="anchors-backup-") as work:
            dump = Path(work) / DUMPS[vendor]
            if vendor == "postgresql":
                command, env = pg_command(
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    "--file",
                    str(dump),
                )
                run(command, env)
            else:
                sqlite_copy(settings.DATABASES["default"]["NAME"], dump)
            manifest = {
                "format": FORMAT,
                "created": created.isoformat(),
                "engine": vendor,
                "database": dump.name,
                "media_files": len(media),
            }
            partial = target.with_name(target.name + ".partial")
            with tarfile.open(partial, "w:gz") as archive:
                info = tarfile.TarInfo(MANIFEST)
                data = json.dumps(manifest, indent=2).encode()
                info.size, info.mtime = len(data), int(created.timestamp())
                archive.addfile(info, fileobj=io.BytesIO(data))
                archive.add(dump, arcname=dump.name)
                for path in media:
                    archive.add(path, arcname=f"media/{path.relative_to(settings.MEDIA_ROOT)}")
            partial.replace(target)  # never leave a half-written archive under the final name
        size = target.stat().st_size
        self.stdout.write(
            f"Backed up the {vendor} database and {len(media)} media files to {target} "
            f"({size / 1_000_000:.1f} MB)."
        )
