"""Workflow tables: projects, project events, co-funding contributions and disclosures; events,
contributions and disclosures are append-only like the journal.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 18:15:54.712246
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


STAGES = (
    "'ordered', 'dispatched', 'accepted', 'applied', 'approved', 'in_progress', 'completed', 'evaluated', "
    "'disclosed', 'rejected', 'cancelled'"
)


def upgrade() -> None:

    op.create_table(
        "projects",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("book_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("stage_since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("compound_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("need", sa.String(length=2000), nullable=False),
        sa.Column("resident_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("opened_by", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("organisation_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("fund_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("purpose", sa.String(length=40), nullable=True),
        sa.Column("requested_fen", sa.BigInteger(), nullable=True),
        sa.Column("approved_fen", sa.BigInteger(), nullable=True),
        sa.Column("plan_company_fen", sa.BigInteger(), nullable=True),
        sa.Column("plan_residents_fen", sa.BigInteger(), nullable=True),
        sa.Column("plan_social_fen", sa.BigInteger(), nullable=True),
        sa.Column("reviewer_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("evaluator_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("evaluation_score", sa.Integer(), nullable=True),
        sa.Column("evaluation_summary", sa.String(length=2000), nullable=True),
        sa.CheckConstraint(
            f"stage IN ({STAGES})",
            name="ck_projects_stage",
        ),
        sa.CheckConstraint("approved_fen IS NULL OR approved_fen <= requested_fen", name="ck_projects_approved"),
        sa.ForeignKeyConstraint(
            ["book_id"],
            ["books.id"],
        ),
        sa.ForeignKeyConstraint(
            ["compound_id"],
            ["compounds.id"],
        ),
        sa.ForeignKeyConstraint(
            ["evaluator_id"],
            ["users.id"],
        ),
        sa.ForeignKeyConstraint(
            ["fund_id"],
            ["funds.id"],
        ),
        sa.ForeignKeyConstraint(
            ["opened_by"],
            ["users.id"],
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["parties.id"],
        ),
        sa.ForeignKeyConstraint(
            ["resident_id"],
            ["users.id"],
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"],
            ["users.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("book_id", "seq"),
    )
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_projects_book_id"), ["book_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_projects_compound_id"), ["compound_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_projects_organisation_id"), ["organisation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_projects_resident_id"), ["resident_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_projects_stage"), ["stage"], unique=False)

    op.create_table(
        "contributions",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("book_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("project_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("entry_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("party_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("share", sa.String(length=20), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("share IN ('company', 'residents', 'social')", name="ck_contributions_share"),
        sa.ForeignKeyConstraint(
            ["book_id"],
            ["books.id"],
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["entries.id"],
        ),
        sa.ForeignKeyConstraint(
            ["party_id"],
            ["parties.id"],
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contributions_project_id"), ["project_id"], unique=False)

    op.create_table(
        "disclosures",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("book_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("project_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("actor_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["users.id"],
        ),
        sa.ForeignKeyConstraint(
            ["book_id"],
            ["books.id"],
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("project_id"),
    )
    op.create_table(
        "project_events",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("book_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("project_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("trigger", sa.String(length=20), nullable=False),
        sa.Column("from_stage", sa.String(length=20), nullable=True),
        sa.Column("to_stage", sa.String(length=20), nullable=False),
        sa.Column("actor_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.String(length=2000), nullable=False),
        sa.Column("entry_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["users.id"],
        ),
        sa.ForeignKeyConstraint(
            ["book_id"],
            ["books.id"],
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["entries.id"],
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("project_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_project_events_project_id"), ["project_id"], unique=False)

    _append_only()
    _memo_accounts()


def _memo_accounts() -> None:
    """Books made before this revision get the memo accounts that track paid and released grants."""
    for code, zh, en in (
        ("9103", "承诺已拨付", "Commitments paid (memo)"),
        ("9104", "承诺已释放", "Commitments released (memo)"),
    ):
        op.execute(
            sa.text(
                "INSERT INTO accounts (book_id, code, type, name_zh, name_en, is_open) "
                "SELECT b.id, :code, 'memo', :zh, :en, :yes FROM books b WHERE NOT EXISTS "
                "(SELECT 1 FROM accounts a WHERE a.book_id = b.id AND a.code = :code)"
            ).bindparams(code=code, zh=zh, en=en, yes=True)
        )


APPEND_ONLY = ("project_events", "contributions", "disclosures")


def _append_only() -> None:
    for table in APPEND_ONLY:
        if op.get_context().dialect.name == "sqlite":
            for action in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, 'cfund: {table} are append-only'); END"
                )
        else:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION cfund_append_only()"
            )


def downgrade() -> None:

    with op.batch_alter_table("project_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_events_project_id"))

    op.drop_table("project_events")
    op.drop_table("disclosures")
    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contributions_project_id"))

    op.drop_table("contributions")
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_projects_stage"))
        batch_op.drop_index(batch_op.f("ix_projects_resident_id"))
        batch_op.drop_index(batch_op.f("ix_projects_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_projects_compound_id"))
        batch_op.drop_index(batch_op.f("ix_projects_book_id"))

    op.drop_table("projects")
