"""enum checks and target indexes

Every enum column gets a CHECK constraint `ck_<table>_<column>_known`, so a bulk load or a
hand-written UPDATE cannot store a value the code does not know. Indexes for the queries
that had none: the reports and the history of one item (flag and moderation_event by
target_type, target_id) and "my contributions" (contribution.recorded_by_id).

The values are written out here, not imported from the models: this migration must keep
meaning what it meant when a later one changes an enum.

On SQLite, adding a CHECK constraint recreates each table (batch mode). migrations/env.py
turns foreign keys off for that, or dropping the old `contribution` table would delete every
vote, comment and link with it. Recreating `contribution` also drops its full-text triggers:
they are made again afterwards (docs/conventions.md, "Hand-made schema objects").

Revision ID: 1b64f490cbc6
Revises: 057170d2c040
Create Date: 2026-12-01 01:17:00

"""

from alembic import op

revision = "1b64f490cbc6"
down_revision = "057170d2c040"
branch_labels = None
depends_on = None

TARGET_TYPES = ["contribution", "comment", "organisation", "user"]
CONTRIBUTION_STATUSES = ["open", "under_consideration", "included", "answered", "merged"]

KNOWN_VALUES = {
    "membership": {"role": ["resident", "moderator", "reviewer", "admin"]},
    "mailed_token": {"purpose": ["confirm_email", "change_email", "reset_password"]},
    "organisation": {
        "kind": [
            "neighbourhood",
            "small_business",
            "faith",
            "association",
            "informal_network",
            "care_network",
            "other",
        ],
        "status": ["pending", "verified", "rejected"],
    },
    "area_profile": {
        "region_level": ["gemeente", "wijk", "buurt"],
        "source": ["kwb", "statline", "pdok"],
    },
    "indicator_value": {"status": ["ok", "secret", "missing"]},
    "contribution": {
        "kind": ["issue", "resource", "potential"],
        "status": CONTRIBUTION_STATUSES,
        "offline_source": ["paper", "meeting", "door_to_door", "phone"],
    },
    "comment": {"stance": ["for", "against", "question", "neutral"]},
    "flag": {
        "target_type": TARGET_TYPES,
        "reason": ["offensive", "personal_data", "spam", "off_topic", "other"],
    },
    "moderation_event": {
        "action": [
            "flagged",
            "auto_hidden",
            "hidden",
            "restored",
            "flags_dismissed",
            "merged",
            "answered",
            "blocked",
            "unblocked",
            "organisation_verified",
            "organisation_rejected",
        ],
        "target_type": TARGET_TYPES,
    },
    "official_answer": {"status": CONTRIBUTION_STATUSES},
    "opgave": {"status": ["draft", "open_for_reactions", "submitted", "returned", "accepted"]},
    "opgave_reaction": {"answer": ["yes", "partly", "no"]},
    "opgave_event": {
        "action": [
            "created",
            "started_from",
            "saved",
            "evidence_added",
            "evidence_removed",
            "reactions_opened",
            "reactions_closed",
            "submitted",
            "returned",
            "accepted",
        ]
    },
}

INDEXES = {
    "ix_flag_target": ("flag", ["target_type", "target_id"]),
    "ix_moderation_event_target": ("moderation_event", ["target_type", "target_id"]),
    "ix_contribution_recorded_by_id": ("contribution", ["recorded_by_id"]),
}

SQLITE_SEARCH_TRIGGERS = [
    """CREATE TRIGGER IF NOT EXISTS contribution_fts_insert AFTER INSERT ON contribution BEGIN
        INSERT INTO contribution_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
    """CREATE TRIGGER IF NOT EXISTS contribution_fts_delete AFTER DELETE ON contribution BEGIN
        INSERT INTO contribution_fts(contribution_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
    END""",
    """CREATE TRIGGER IF NOT EXISTS contribution_fts_update AFTER UPDATE OF title, body
        ON contribution BEGIN
        INSERT INTO contribution_fts(contribution_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO contribution_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
]


def _name(table: str, column: str) -> str:
    return f"ck_{table}_{column}_known"


def _condition(column: str, values: list[str]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def _restore_search_triggers():
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_SEARCH_TRIGGERS:
            op.execute(statement)


def upgrade():
    for table, columns in KNOWN_VALUES.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column, values in columns.items():
                batch_op.create_check_constraint(
                    op.f(_name(table, column)), _condition(column, values)
                )
    _restore_search_triggers()
    for name, (table, columns) in INDEXES.items():
        op.create_index(name, table, columns, unique=False)


def downgrade():
    for name, (table, _columns) in INDEXES.items():
        op.drop_index(name, table_name=table)
    for table, columns in KNOWN_VALUES.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.drop_constraint(op.f(_name(table, column)), type_="check")
    _restore_search_triggers()
