"""更正: a disclosure is never edited. A correction is a new disclosure record of the project,
built as the original was (the project's figures and ledger lines as they stand now, the
evaluation as it stands published, corrected where a new one is given), the digest of the record it supersedes and
the correction note (更正说明); the superseded record stays as it was, and the pack shows both."""

from __future__ import annotations

import json

from ledger.domain.chain import canonical, request_digest
from ledger.domain.text import clean_text, optional_text
from ledger.errors import InputError
from ledger.services.auth import require
from ledger.storage.uow import Work
from workflows.services.delivery import Disclosed, disclosure_content
from workflows.services.transition import Fired
from workflows.storage.repository import add_disclosure_correction, latest_disclosure, project_by_seq

#: Who may correct a disclosure: who discloses.
CORRECTORS = ("reviewer",)


def correct(
    work: Work,
    actor: str | None,
    *,
    project: int,
    note: str,
    summary: str | None = None,
    score: int | None = None,
) -> Disclosed:
    """Publish a correction of project ``project``'s disclosure, saying why (``note``)."""
    why = clean_text(note, "note", limit=2000)
    if score is not None and not 1 <= score <= 5:
        raise InputError("score_invalid", score=score)
    with work() as uow:
        user = require(uow, actor, CORRECTORS, "project correct")
        row = project_by_seq(uow, project)
        standing = latest_disclosure(uow, row.id)
        if standing is None:
            raise InputError("correct_not_disclosed", project=project, stage=row.stage)
        superseded, published = standing
        content = disclosure_content(uow, row)
        evaluation = dict(json.loads(published)["evaluation"])  # as it stands published, then corrected
        evaluation |= {k: v for k, v in (("score", score), ("summary", optional_text(summary, "summary"))) if v}
        content |= {"evaluation": evaluation, "correction": why, "supersedes": superseded}
        digest = request_digest(content)
        record = {"supersedes": superseded, "digest": digest, "content": canonical(content).decode("utf-8")}
        add_disclosure_correction(uow, row, record | {"note": why}, user.id or 0)
        uow.commit()
    return Disclosed(Fired(project, "correct", row.stage, row.stage), digest)
