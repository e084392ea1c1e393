"""Contribution records partitioned by person: PostgreSQL declarative hash partitioning.

Every read of records is "this person's records" (the selectors filter by person), and a
country's records are hundreds of millions of rows; hashing by `person_id` into
`PARTITIONS` partitions keeps each person's rows in one partition (the planner prunes the
others) and each partition's indexes a sixteenth of the size. The same column is the
distribution column if the table is ever spread over machines (Citus; docs/operations.md
"Partitioning and growth beyond one machine").

The table is rebuilt, not altered (PostgreSQL cannot turn a table into a partitioned one):
a new table like the old one (columns, defaults, check constraints, identity), its
partitions, every row copied by INSERT … SELECT, the identity sequence carried on, the old
table dropped and the new one renamed. The index and constraint names are Django's, so
later migrations find them. PostgreSQL wants the partition key in every unique constraint
of a partitioned table, so at the SQL level:

- the primary key is (id, person_id); Django keeps `id` as the model's primary key, and
  `id` stays unique because the identity sequence alone gives it out;
- `supersedes` (a one-to-one to an earlier version) is UNIQUE (supersedes_id, person_id)
  and its foreign key is (supersedes_id, person_id) → (id, person_id): a new version is
  always the same person's month (`insured.services.records` keys versions by person ×
  workshop × month), so this is the same rule, and it can reference the partitioned table;
- the partial unique index of current versions already leads with person_id.

No other table references the records table. Going back rebuilds a plain table with the
original single-column constraints. SQLite has no partitioning: there both directions do
nothing. Rebuilding locks the table for the length of the copy (minutes at tens of millions
of rows): run it in a maintenance window.
"""

from django.db import migrations

TABLE = "insured_contributionrecord"
PARTITIONS = 16

# Django's own names (models.py and 0001_initial), kept in both shapes.
PKEY = f"{TABLE}_pkey"
SUPERSEDES_KEY = f"{TABLE}_supersedes_id_key"
SUPERSEDES_FK = "insured_contribution_supersedes_id_934ce519_fk_insured_c"
PERSON_FK = "insured_contribution_person_id_1d1da1ff_fk_insured_i"
BRANCH_FK = "insured_contribution_branch_id_a8c7c465_fk_branches_"
INDEXES = (
    f"CREATE INDEX {TABLE}_branch_id_a8c7c465 ON {TABLE} (branch_id)",
    f"CREATE INDEX {TABLE}_person_id_1d1da1ff ON {TABLE} (person_id)",
    f"CREATE INDEX record_by_workshop_period ON {TABLE} (workshop_code, year, month)",
    f"CREATE INDEX record_current_by_person ON {TABLE} (person_id, year, month) WHERE is_current",
    f"CREATE UNIQUE INDEX uniq_current_record_per_month ON {TABLE} "
    "(person_id, workshop_code, year, month) WHERE is_current",
)


def _rebuild(schema_editor, *, partitioned: bool) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    new = f"{TABLE}_rebuilt"
    key = ", person_id" if partitioned else ""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {TABLE} IN ACCESS EXCLUSIVE MODE")
        cursor.execute(
            f"CREATE TABLE {new} (LIKE {TABLE} INCLUDING DEFAULTS INCLUDING CONSTRAINTS "
            "INCLUDING IDENTITY INCLUDING STORAGE INCLUDING COMMENTS)"
            + (" PARTITION BY HASH (person_id)" if partitioned else "")
        )
        if partitioned:
            for remainder in range(PARTITIONS):
                cursor.execute(
                    f"CREATE TABLE {TABLE}_p{remainder:02d} PARTITION OF {new} "
                    f"FOR VALUES WITH (MODULUS {PARTITIONS}, REMAINDER {remainder})"
                )
        # Same columns in the same order (LIKE); COPY-like routing into the partitions.
        cursor.execute(f"INSERT INTO {new} SELECT * FROM {TABLE}")  # noqa: S608
        # Carry the identity on: the next id is the one the old table would have given.
        cursor.execute(f"SELECT pg_get_serial_sequence('{TABLE}', 'id')")
        (old_sequence,) = cursor.fetchone()
        cursor.execute(f"SELECT last_value, is_called FROM {old_sequence}")  # noqa: S608
        last_value, is_called = cursor.fetchone()
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{new}', 'id'), %s, %s)",
            [last_value, is_called],
        )
        cursor.execute(f"DROP TABLE {TABLE}")  # its partitions, indexes and sequence with it
        cursor.execute(f"ALTER TABLE {new} RENAME TO {TABLE}")
        cursor.execute(f"ALTER SEQUENCE {new}_id_seq RENAME TO {TABLE}_id_seq")
        cursor.execute(f"ALTER TABLE {TABLE} ADD CONSTRAINT {PKEY} PRIMARY KEY (id{key})")
        cursor.execute(
            f"ALTER TABLE {TABLE} ADD CONSTRAINT {SUPERSEDES_KEY} UNIQUE (supersedes_id{key})"
        )
        for statement in INDEXES:
            cursor.execute(statement)
        for name, columns, target in (
            (PERSON_FK, "person_id", "insured_insuredperson (id)"),
            (BRANCH_FK, "branch_id", "branches_branch (id)"),
            (SUPERSEDES_FK, f"supersedes_id{key}", f"{TABLE} (id{key})"),
        ):
            cursor.execute(
                f"ALTER TABLE {TABLE} ADD CONSTRAINT {name} FOREIGN KEY ({columns}) "
                f"REFERENCES {target} DEFERRABLE INITIALLY DEFERRED"
            )
        cursor.execute(f"ANALYZE {TABLE}")


def partition(apps, schema_editor):
    _rebuild(schema_editor, partitioned=True)


def unpartition(apps, schema_editor):
    _rebuild(schema_editor, partitioned=False)


class Migration(migrations.Migration):
    dependencies = [("insured", "0008_commission_services_by_request_only")]

    # The model is unchanged (Django still sees `id` as the primary key): SQL only.
    operations = [migrations.RunPython(partition, unpartition, elidable=False)]
