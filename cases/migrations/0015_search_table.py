"""PostgreSQL: each case's tsvector moves from its row to a narrow table of its own,
``cases_initiative_search`` (id, status, published_at, search_vector), with the GIN
index; triggers on cases_initiative keep it in step in the same transaction.

A search for a common pair of words reads the date of every case holding them, each
from its heap row, which GIN cannot give: 30,000 rows spread over 8,400 of the case
table's 15,000 pages (rows of about 1.2 KB since 0013 keeps titles and summaries in
them) against 1,000 pages of this table (about 80 bytes a row with the tsvector out
of line): 22 ms against 9 ms for that heap scan at 100,000 cases, and this table
stays in PostgreSQL's 128 MB of shared buffers, where the case table (120 MB) does not.
SQLite's FTS5 table was already apart; its unused column is dropped.
"""

from importlib import import_module

from django.db import migrations

search_index = import_module("cases.migrations.0003_search_index")

VECTOR = """setweight(to_tsvector('simple', coalesce(NEW.search_names, '')), 'A') ||
    setweight(to_tsvector('simple', coalesce(NEW.search_places, '')), 'B') ||
    setweight(to_tsvector('simple', coalesce(NEW.search_body, '')), 'C')"""

FORWARD = [
    """CREATE TABLE cases_initiative_search (
        id bigint PRIMARY KEY,
        status varchar(16) NOT NULL,
        published_at timestamp with time zone,
        search_vector tsvector NOT NULL)""",
    "INSERT INTO cases_initiative_search SELECT id, status, published_at, "
    "coalesce(search_vector, ''::tsvector) FROM cases_initiative",
    "DROP TRIGGER cases_initiative_search_vector ON cases_initiative",
    "DROP FUNCTION cases_initiative_search_vector()",
    "DROP INDEX cases_init_search_gin",
    # The tsvector is read only when the token columns changed: an edit of the status
    # or the date alone copies those two.
    f"""CREATE FUNCTION cases_initiative_search_entry() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT'
            OR NEW.search_names IS DISTINCT FROM OLD.search_names
            OR NEW.search_places IS DISTINCT FROM OLD.search_places
            OR NEW.search_body IS DISTINCT FROM OLD.search_body THEN
            INSERT INTO cases_initiative_search
            VALUES (NEW.id, NEW.status, NEW.published_at, {VECTOR})
            ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status,
                published_at = EXCLUDED.published_at,
                search_vector = EXCLUDED.search_vector;
        ELSIF NEW.status IS DISTINCT FROM OLD.status
            OR NEW.published_at IS DISTINCT FROM OLD.published_at THEN
            UPDATE cases_initiative_search
            SET status = NEW.status, published_at = NEW.published_at
            WHERE id = NEW.id;
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER cases_initiative_search_entry
    AFTER INSERT OR UPDATE OF search_names, search_places, search_body, status,
        published_at
    ON cases_initiative FOR EACH ROW EXECUTE FUNCTION cases_initiative_search_entry()""",
    """CREATE FUNCTION cases_initiative_search_removal() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'TRUNCATE' THEN
            TRUNCATE cases_initiative_search;
        ELSE
            DELETE FROM cases_initiative_search WHERE id = OLD.id;
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER cases_initiative_search_removal
    AFTER DELETE ON cases_initiative
    FOR EACH ROW EXECUTE FUNCTION cases_initiative_search_removal()""",
    """CREATE TRIGGER cases_initiative_search_truncation
    AFTER TRUNCATE ON cases_initiative
    FOR EACH STATEMENT EXECUTE FUNCTION cases_initiative_search_removal()""",
    "CREATE INDEX cases_init_search_entry_gin ON cases_initiative_search "
    "USING gin (search_vector)",
    # Newest first among the cases of a status: where most cases hold the words.
    "CREATE INDEX cases_init_search_entry_date ON cases_initiative_search "
    "(status, published_at DESC, id DESC)",
    "ANALYZE cases_initiative_search",
]
BACKWARD = [
    "UPDATE cases_initiative SET search_vector = entry.search_vector "
    "FROM cases_initiative_search entry WHERE entry.id = cases_initiative.id",
    "DROP TRIGGER cases_initiative_search_truncation ON cases_initiative",
    "DROP TRIGGER cases_initiative_search_removal ON cases_initiative",
    "DROP TRIGGER cases_initiative_search_entry ON cases_initiative",
    "DROP FUNCTION cases_initiative_search_removal()",
    "DROP FUNCTION cases_initiative_search_entry()",
    "DROP TABLE cases_initiative_search",
    *[
        statement
        for statement in search_index.POSTGRES_FORWARD
        if not statement.startswith("UPDATE")
    ],
]


class Migration(migrations.Migration):
    dependencies = [("cases", "0014_search_facets_inline")]

    operations = [
        migrations.RunPython(
            search_index.run({"postgresql": FORWARD}),
            search_index.run({"postgresql": BACKWARD}),
        ),
        migrations.RemoveField(model_name="initiative", name="search_vector"),
    ]
