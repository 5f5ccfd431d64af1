"""A backup restores into a fresh database with the same rows, and the same uploaded files."""

import uuid

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from core import backups

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump sees committed rows only


def fingerprints(database: dict) -> dict[str, tuple[int, str]]:
    """Per table: the number of rows and an md5 of all of them in a fixed order."""
    with psycopg.connect(
        host=database["HOST"], user=database["USER"], dbname=database["NAME"], autocommit=True
    ) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        found = {}
        for table in tables:
            if table in backups.SKIPPED_TABLE_DATA:
                continue
            found[table] = conn.execute(
                psycopg.sql.SQL(
                    "SELECT count(*), md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), ''))"
                    " FROM {} t"
                ).format(psycopg.sql.Identifier(table))
            ).fetchone()
    return found


@pytest.fixture
def fresh_database():
    name = f"restore_check_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield {**connection.settings_dict, "NAME": name}
    connection.close()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def test_a_backup_restores_the_same_rows_and_files_into_a_fresh_database(
    tmp_path, settings, fresh_database
):
    call_command("load_portal_demo", verbosity=0)
    call_command("load_registry_demo", verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media" / "guidance").mkdir(parents=True)
    (tmp_path / "media" / "guidance" / "bilag.pdf").write_bytes(b"%PDF-1.7 bilag")
    source = connection.settings_dict
    before = fingerprints(source)
    assert before["portal_article"][0] > 0 and before["registry_enterprise"][0] > 0

    dump, media = backups.create(tmp_path / "backups")
    assert dump.name.endswith("Z.dump") and media == backups.media_archive_for(dump)
    assert oct(dump.stat().st_mode)[-3:] == "600"

    restored_media = tmp_path / "restored-media"
    backups.restore(dump, database=fresh_database, media_root=restored_media)

    assert fingerprints(fresh_database) == before
    assert (restored_media / "guidance" / "bilag.pdf").read_bytes() == b"%PDF-1.7 bilag"


def test_a_restore_refuses_a_database_in_use_unless_forced(tmp_path, settings, fresh_database):
    settings.MEDIA_ROOT = tmp_path / "media"
    dump, _media = backups.create(tmp_path / "backups")
    with pytest.raises(backups.RestoreRefused, match="not empty"):
        backups.restore(dump, media_root=tmp_path / "elsewhere")  # the database in use
    backups.restore(dump, database=fresh_database, media_root=tmp_path / "restored")
    with pytest.raises(backups.RestoreRefused, match="not empty"):
        backups.restore(dump, database=fresh_database, media_root=tmp_path / "again")
    backups.restore(dump, database=fresh_database, media_root=tmp_path / "again", force=True)
    assert fingerprints(fresh_database) == fingerprints(connection.settings_dict)
