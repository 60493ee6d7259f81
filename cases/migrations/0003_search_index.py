"""The search index: an FTS5 table on SQLite, a tsvector trigger and GIN index on
PostgreSQL. Both are kept in sync by triggers on cases_initiative, in the same
transaction as the write; cases.search fills the token columns they read."""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE cases_initiative_fts USING fts5(
        search_names, search_places, search_body,
        content='cases_initiative', content_rowid='id', tokenize='unicode61')""",
    """CREATE TRIGGER cases_initiative_fts_insert AFTER INSERT ON cases_initiative BEGIN
        INSERT INTO cases_initiative_fts(rowid, search_names, search_places, search_body)
        VALUES (new.id, new.search_names, new.search_places, new.search_body);
    END""",
    """CREATE TRIGGER cases_initiative_fts_delete AFTER DELETE ON cases_initiative BEGIN
        INSERT INTO cases_initiative_fts(cases_initiative_fts, rowid, search_names,
            search_places, search_body)
        VALUES ('delete', old.id, old.search_names, old.search_places, old.search_body);
    END""",
    """CREATE TRIGGER cases_initiative_fts_update
    AFTER UPDATE OF search_names, search_places, search_body ON cases_initiative BEGIN
        INSERT INTO cases_initiative_fts(cases_initiative_fts, rowid, search_names,
            search_places, search_body)
        VALUES ('delete', old.id, old.search_names, old.search_places, old.search_body);
        INSERT INTO cases_initiative_fts(rowid, search_names, search_places, search_body)
        VALUES (new.id, new.search_names, new.search_places, new.search_body);
    END""",
    "INSERT INTO cases_initiative_fts(cases_initiative_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS cases_initiative_fts_update",
    "DROP TRIGGER IF EXISTS cases_initiative_fts_delete",
    "DROP TRIGGER IF EXISTS cases_initiative_fts_insert",
    "DROP TABLE IF EXISTS cases_initiative_fts",
]
POSTGRES_FORWARD = [
    """CREATE FUNCTION cases_initiative_search_vector() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        NEW.search_vector :=
            setweight(to_tsvector('simple', coalesce(NEW.search_names, '')), 'A') ||
            setweight(to_tsvector('simple', coalesce(NEW.search_places, '')), 'B') ||
            setweight(to_tsvector('simple', coalesce(NEW.search_body, '')), 'C');
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER cases_initiative_search_vector
    BEFORE INSERT OR UPDATE OF search_names, search_places, search_body
    ON cases_initiative FOR EACH ROW EXECUTE FUNCTION cases_initiative_search_vector()""",
    "UPDATE cases_initiative SET search_names = search_names",
    "CREATE INDEX cases_init_search_gin ON cases_initiative USING gin (search_vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS cases_init_search_gin",
    "DROP TRIGGER IF EXISTS cases_initiative_search_vector ON cases_initiative",
    "DROP FUNCTION IF EXISTS cases_initiative_search_vector()",
]


def run(statements_by_vendor):
    def operation(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_search_columns")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
