#!/usr/bin/env python3
"""A backup restores to the same data: `manage.py backup`, then `restore` into a fresh database.

For each engine (PostgreSQL, then SQLite): create a throwaway database, migrate, load the demo
and write some media files; back up; restore into a second, freshly created database and media
folder; then compare every table — row count and a checksum of its rows in primary-key order
(md5 in SQL on PostgreSQL) — every sequence's position, and every media file's bytes. Prints
what it compared and the differences (0 or it fails). The throwaway databases are dropped.

    .venv/bin/python .ci/backup_check.py            # both engines
    .venv/bin/python .ci/backup_check.py --engine postgresql
    PG_URL=postgres://postgres@127.0.0.1:5432 …     # the server (default shown)
"""

import argparse
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg2
from psycopg2 import sql

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PG_URL = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432")
SOURCE_DB, RESTORED_DB = "anchors_backup_source", "anchors_backup_restored"

# Files of the kinds people upload, in nested folders, one with a non-ASCII name.
MEDIA = {
    "metrics/evidence/2025/q1/apprenticeships.csv": b"organisation,starts\nHackney,12\n",
    "metrics/evidence/2025/q1/finance-extract.xlsx": bytes(range(256)) * 40,
    "metrics/imports/batch-7/upload.csv": b"code,value\nAPP-STARTS,3\n",
    "governance/reports/2025-26 Q1 – board.pdf": b"%PDF-1.7\n" + os.urandom(3000),
}


def manage(*arguments, env):
    started = time.monotonic()
    result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [PYTHON, "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"manage.py {' '.join(arguments)} failed")
    return result.stdout.strip().splitlines()[-1:] if result.stdout.strip() else [], (
        time.monotonic() - started
    )


def environment(database_url, media_root):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("REDIS_URL", "CELERY_BROKER_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(media_root),
        EMAIL_URL="dummymail://",
    )
    return env


# -- PostgreSQL ------------------------------------------------------------------------------


def pg_admin(statement):
    connection = psycopg2.connect(f"{PG_URL}/postgres")
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement)
    finally:
        connection.close()


def pg_recreate(name):
    pg_admin(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    pg_admin(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def pg_drop(name):
    pg_admin(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


PG_TABLES = """
SELECT c.relname,
       coalesce((SELECT array_agg(a.attname ORDER BY array_position(i.indkey, a.attnum))
                 FROM pg_index i JOIN pg_attribute a
                   ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
                 WHERE i.indrelid = c.oid AND i.indisprimary), '{}')
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind = 'r'
ORDER BY c.relname
"""


def pg_fingerprint(name) -> tuple[dict, dict]:
    """{table: (rows, md5 of its rows in primary-key order)}, {sequence: last value}."""
    connection = psycopg2.connect(f"{PG_URL}/{name}")
    tables, sequences = {}, {}
    try:
        with connection.cursor() as cursor:
            cursor.execute(PG_TABLES)
            for table, key in cursor.fetchall():
                order = (
                    sql.SQL(", ").join(sql.Identifier(column) for column in key)
                    if key
                    else sql.SQL("t::text")
                )
                cursor.execute(
                    sql.SQL(
                        "SELECT count(*),"
                        " md5(coalesce(string_agg(md5(t::text), '' ORDER BY {}), ''))"
                        " FROM {} AS t"
                    ).format(order, sql.Identifier(table))
                )
                tables[table] = cursor.fetchone()
            cursor.execute(
                "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"
            )
            sequences = dict(cursor.fetchall())
    finally:
        connection.close()
    return tables, sequences


# -- SQLite ----------------------------------------------------------------------------------


def sqlite_fingerprint(path) -> tuple[dict, dict]:
    connection = sqlite3.connect(path)
    tables = {}
    try:
        names = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        for table in names:
            key = [
                row[1]
                for row in sorted(
                    connection.execute(f'PRAGMA table_info("{table}")'), key=lambda r: r[5]
                )
                if row[5]
            ]
            order = ", ".join(f'"{column}"' for column in key) or "rowid"
            digest, count = hashlib.md5(usedforsecurity=False), 0
            for row in connection.execute(f'SELECT * FROM "{table}" ORDER BY {order}'):  # noqa: S608 - names from sqlite_master
                digest.update(repr(row).encode())
                count += 1
            tables[table] = (count, digest.hexdigest())
        sequences = dict(connection.execute("SELECT name, seq FROM sqlite_sequence"))
    finally:
        connection.close()
    return tables, sequences


# -- media -----------------------------------------------------------------------------------


def write_media(root: Path):
    for relative, content in MEDIA.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


def media_fingerprint(root: Path) -> dict:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def differences(before: dict, after: dict) -> list[str]:
    return [
        f"{name}: {before.get(name)} != {after.get(name)}"
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    ]


# -- the check -------------------------------------------------------------------------------

CHANGE = "UPDATE anchors_organisation SET name = name || '.' WHERE id = (SELECT min(id) FROM anchors_organisation)"  # noqa: E501


def changed_row_detected(engine, work: Path, restored_tables: dict) -> bool:
    """The comparison itself is checked: one changed row in the restored copy must show."""
    if engine == "postgresql":
        connection = psycopg2.connect(f"{PG_URL}/{RESTORED_DB}")
        with connection, connection.cursor() as cursor:
            cursor.execute(CHANGE)
        connection.close()
        after, _ = pg_fingerprint(RESTORED_DB)
    else:
        with sqlite3.connect(work / "restored.sqlite3") as connection:
            connection.execute(CHANGE)
        after, _ = sqlite_fingerprint(work / "restored.sqlite3")
    return differences(restored_tables, after) == [
        f"anchors_organisation: {restored_tables['anchors_organisation']} "
        f"!= {after['anchors_organisation']}"
    ]


def check(engine, work: Path) -> int:
    source_media, restored_media = work / f"{engine}-media", work / f"{engine}-restored-media"
    source_media.mkdir()
    restored_media.mkdir()
    archive = work / f"{engine}-backup.tar.gz"
    if engine == "postgresql":
        pg_recreate(SOURCE_DB)
        pg_recreate(RESTORED_DB)
        source_url, restored_url = f"{PG_URL}/{SOURCE_DB}", f"{PG_URL}/{RESTORED_DB}"
    else:
        source_url = f"sqlite:///{work / 'source.sqlite3'}"
        restored_url = f"sqlite:///{work / 'restored.sqlite3'}"
    try:
        source = environment(source_url, source_media)
        restored = environment(restored_url, restored_media)
        _, took = manage("migrate", "--noinput", env=source)
        manage("load_demo", "--quiet-logins", env=source)
        write_media(source_media)
        print(f"[{engine}] demo loaded ({took:.1f} s to migrate)")
        (line,), took = manage("backup", "--output", str(archive), env=source)
        print(f"[{engine}] {line} ({took:.1f} s)")
        (line,), took = manage("restore", str(archive), "--noinput", env=restored)
        print(f"[{engine}] {line} ({took:.1f} s)")

        if engine == "postgresql":
            (tables, sequences), (tables2, sequences2) = (
                pg_fingerprint(SOURCE_DB),
                pg_fingerprint(RESTORED_DB),
            )
        else:
            (tables, sequences), (tables2, sequences2) = (
                sqlite_fingerprint(work / "source.sqlite3"),
                sqlite_fingerprint(work / "restored.sqlite3"),
            )
        media, media2 = media_fingerprint(source_media), media_fingerprint(restored_media)
        found = {
            "tables": differences(tables, tables2),
            "sequences": differences(sequences, sequences2),
            "media files": differences(media, media2),
        }
        rows = sum(count for count, _ in tables.values())
        detected = changed_row_detected(engine, work, tables2)
        print(
            f"[{engine}] tables compared: {len(tables)} ({rows} rows), differences: "
            f"{len(found['tables'])}; sequences compared: {len(sequences)}, differences: "
            f"{len(found['sequences'])}; media files compared: {len(media)}, differences: "
            f"{len(found['media files'])}"
        )
        print(
            f"[{engine}] a row changed after the restore is detected: {'yes' if detected else 'NO'}"
        )
        # The demo writes files of its own (shared documents, the published report's PDF): the
        # check's files must be among those compared, not the only ones.
        if not set(MEDIA) <= set(media) or not rows or not detected:
            print(f"[{engine}] the comparison proves nothing: no demo, no media or blind to change")
            return 1
        for kind, lines in found.items():
            for line in lines:
                print(f"[{engine}]   {kind} differ: {line}")
        return sum(len(lines) for lines in found.values())
    finally:
        if engine == "postgresql":
            pg_drop(SOURCE_DB)
            pg_drop(RESTORED_DB)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=["postgresql", "sqlite", "both"], default="both")
    chosen = parser.parse_args().engine
    engines = ["postgresql", "sqlite"] if chosen == "both" else [chosen]
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="anchors-backup-check-"))
    try:
        failures = sum(check(engine, work) for engine in engines)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"Backup check: {failures} differences in {time.monotonic() - started:.0f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
