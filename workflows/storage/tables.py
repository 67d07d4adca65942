"""SQLModel tables of the workflow: projects, their events, co-funding contributions and
disclosures. Records only; the stage is a plain string checked against the table's stages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import BigInteger, CheckConstraint, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from ledger.storage.tables import IdType, _in, _ref, fen
from workflows.project.stages import table
from workflows.project.state import REPORT_KINDS, SHARES

STAGES = table().codes


class Project(SQLModel, table=True):
    __tablename__ = "projects"
    __table_args__ = (
        UniqueConstraint("book_id", "seq"),
        CheckConstraint(_in("stage", STAGES), name="ck_projects_stage"),
        CheckConstraint("approved_fen IS NULL OR approved_fen <= requested_fen", name="ck_projects_approved"),
    )
    id: int | None = Field(default=None, primary_key=True, sa_type=IdType)
    book_id: int = _ref("books")
    seq: int = Field(sa_type=BigInteger)
    stage: str = Field(sa_type=String(20), index=True)
    stage_since: dt.datetime
    created_at: dt.datetime
    compound_id: int = _ref("compounds")
    title: str = Field(sa_type=String(200))
    need: str = Field(sa_type=String(2000))
    resident_id: int | None = _ref("users", nullable=True)
    opened_by: int = Field(foreign_key="users.id", sa_type=IdType)
    organisation_id: int | None = _ref("parties", nullable=True)
    fund_id: int | None = Field(default=None, foreign_key="funds.id", sa_type=IdType)
    purpose: str | None = Field(default=None, sa_type=String(40))
    requested: Decimal | None = fen("requested_fen", nullable=True)
    approved: Decimal | None = fen("approved_fen", nullable=True)
    plan_company: Decimal | None = fen("plan_company_fen", nullable=True)
    plan_residents: Decimal | None = fen("plan_residents_fen", nullable=True)
    plan_social: Decimal | None = fen("plan_social_fen", nullable=True)
    reviewer_id: int | None = Field(default=None, foreign_key="users.id", sa_type=IdType)
    evaluator_id: int | None = Field(default=None, foreign_key="users.id", sa_type=IdType)
    evaluation_score: int | None = None
    evaluation_summary: str | None = Field(default=None, sa_type=String(2000))


class ProjectEvent(SQLModel, table=True):
    __tablename__ = "project_events"
    id: int | None = Field(default=None, primary_key=True, sa_type=IdType)
    book_id: int = Field(foreign_key="books.id", sa_type=IdType)
    project_id: int = _ref("projects")
    trigger: str = Field(sa_type=String(20))
    from_stage: str | None = Field(default=None, sa_type=String(20))
    to_stage: str = Field(sa_type=String(20))
    actor_id: int = Field(foreign_key="users.id", sa_type=IdType)
    at: dt.datetime
    note: str = Field(default="", sa_type=String(2000))
    entry_id: int | None = Field(default=None, foreign_key="entries.id", sa_type=IdType)


class Contribution(SQLModel, table=True):
    __tablename__ = "contributions"
    __table_args__ = (CheckConstraint(_in("share", SHARES), name="ck_contributions_share"),)
    id: int | None = Field(default=None, primary_key=True, sa_type=IdType)
    book_id: int = Field(foreign_key="books.id", sa_type=IdType)
    project_id: int = _ref("projects")
    entry_id: int = Field(foreign_key="entries.id", sa_type=IdType)
    party_id: int = Field(foreign_key="parties.id", sa_type=IdType)
    share: str = Field(sa_type=String(20))
    amount: Decimal = fen("amount_fen")


class Disclosure(SQLModel, table=True):
    __tablename__ = "disclosures"
    id: int | None = Field(default=None, primary_key=True, sa_type=IdType)
    book_id: int = Field(foreign_key="books.id", sa_type=IdType)
    project_id: int = Field(foreign_key="projects.id", sa_type=IdType, unique=True)
    digest: str = Field(sa_type=String(64))
    content: str = Field(sa_type=Text)
    actor_id: int = Field(foreign_key="users.id", sa_type=IdType)
    created_at: dt.datetime


class DisclosureCorrection(SQLModel, table=True):
    """更正: a new disclosure of a project that supersedes its latest (the original, or an
    earlier correction, named by digest) and says why; the record it supersedes stays as it was."""

    __tablename__ = "disclosure_corrections"
    id: int | None = Field(default=None, primary_key=True, sa_type=IdType)
    book_id: int = Field(foreign_key="books.id", sa_type=IdType)
    project_id: int = _ref("projects")
    supersedes: str = Field(sa_type=String(64))
    digest: str = Field(sa_type=String(64))
    content: str = Field(sa_type=Text)
    note: str = Field(sa_type=String(2000))
    actor_id: int = Field(foreign_key="users.id", sa_type=IdType)
    created_at: dt.datetime


class ProjectReport(SQLModel, table=True):
    """A progress report (进展报告) or the completion report (结项报告) of a project, with the
    money used to its date and, for completion, what is left to release (剩余财产)."""

    __tablename__ = "project_reports"
    __table_args__ = (CheckConstraint(_in("kind", REPORT_KINDS), name="ck_project_reports_kind"),)
    id: int | None = Field(default=None, primary_key=True, sa_type=IdType)
    book_id: int = Field(foreign_key="books.id", sa_type=IdType)
    project_id: int = _ref("projects")
    kind: str = Field(sa_type=String(20))
    summary: str = Field(sa_type=String(4000))
    used: Decimal = fen("used_fen")
    leftover: Decimal = fen("leftover_fen")
    actor_id: int = Field(foreign_key="users.id", sa_type=IdType)
    created_at: dt.datetime


class Filing(SQLModel, table=True):
    """A dated duty done (报送、公开): which obligation of ``fixtures/calendar.toml``, for what
    (a year, an entry), on which day, by whom."""

    __tablename__ = "filings"
    id: int | None = Field(default=None, primary_key=True, sa_type=IdType)
    book_id: int = Field(foreign_key="books.id", sa_type=IdType)
    obligation: str = Field(sa_type=String(40))
    ref: str = Field(sa_type=String(40))
    filed_on: dt.date
    note: str = Field(default="", sa_type=String(2000))
    actor_id: int = Field(foreign_key="users.id", sa_type=IdType)
    created_at: dt.datetime
