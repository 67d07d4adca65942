"""No personal number reaches any file of the pack, on SQLite and PostgreSQL: phone and ID-card
numbers generated in every spelling (hypothesis, :mod:`tests.ledger.domain.test_privacy`) are
planted in every free-text field (title, need, evaluation, a gift's basis of value, how a party
is related, a correction's note, a completion report) and every name (the book, donors,
organisations, compounds), then every file (JSON, each CSV, the workbook's cells, the HTML, the
PDF's text, 360Giving) is scanned. An individual's party code never appears; their pseudonym
does, in the sources and in the notes' related parties. And ``report disclosure`` lists the
free text it publishes."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from ledger.domain.privacy import pseudonym
from ledger.services import income, ledger_ops, registry, setup
from tests.conftest import BookHandle
from tests.helpers.cli import ME
from tests.ledger.domain.test_privacy import bare, personal
from tests.workflows.conftest import call
from tests.workflows.disclosure.test_disclosure import PERIOD, readable_text, write_pack
from workflows.services import corrections, delivery, intake, progress, review

PLACES = 13
_runs = itertools.count()


def plant(book: BookHandle, n: int, spots: list[str]) -> str:
    """Every name and free-text field of a new project and its parties, one planted text each;
    the code of the individual donor."""
    person = f"p{n}zhang"
    with book.store.engine.begin() as conn:
        conn.execute(
            text("UPDATE books SET name = :name WHERE code = :code"), {"name": f"社区基金{spots[0]}", "code": book.code}
        )
    registry.add_party(book.uow, "tina", code=f"gas{n}", name=f"燃气公司{spots[1]}", kind="organisation")
    registry.add_party(book.uow, "tina", code=person, name=f"张{spots[2]}", kind="individual", related=spots[9])
    registry.add_party(book.uow, "tina", code=f"club{n}", name=f"书画社{spots[3]}", kind="organisation")
    registry.add_compound(book.uow, "tina", code=f"c{n}x", name=f"{spots[4]}小区", kind="compound")
    setup.add_user(book.uow, "admin", name=f"clara{n}", roles=["organisation"], organisation=f"club{n}", credential=ME)
    for donor in (f"gas{n}", person):
        ledger_ops.donate(book.uow, "tina", donor=donor, amount="60.00", fund="community")
    gift = {"fair_value": "30.00", "basis": f"市价{spots[10]}", "fund": "community", "asset": "1201"}
    income.gift_in_kind(book.uow, "tina", donor=person, **gift)
    project = call(book, intake.order, "rita", compound=f"c{n}x", title=f"联系{spots[5]}", need=spots[6]).project
    call(book, intake.dispatch, "cathy", project=project, organisation=f"club{n}")
    call(book, intake.accept, f"clara{n}", project=project)
    terms = {"fund": "community", "purpose": "community_service", "amount": "50.00"}
    call(book, intake.apply, f"clara{n}", project=project, **terms)
    call(book, review.approve, "rev", project=project)
    call(book, delivery.disburse, "tina", project=project, amount="50.00")
    call(book, delivery.complete, f"clara{n}", project=project, note=spots[7])
    call(book, progress.report, f"clara{n}", project=project, kind="completion", summary=f"结项{spots[12]}")
    call(book, delivery.evaluate, "eva", project=project, score=4, summary=f"回访{spots[8]}")
    call(book, delivery.disclose, "rev", project=project)
    call(book, corrections.correct, "rev", project=project, note=f"更正{spots[11]}")
    return person


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(planted=st.lists(personal(), min_size=PLACES, max_size=PLACES))
def test_no_planted_number_reaches_any_file_of_the_pack(
    wf: BookHandle, tmp_path: Path, planted: list[tuple[str, str]]
) -> None:
    n = next(_runs)
    person = plant(wf, n, [spot for spot, _ in planted])
    out = tmp_path / f"pack{n}"
    done = write_pack(wf, out)
    assert done.exit_code == 0, done.stderr
    files = sorted(out.iterdir())
    assert len(files) == 17
    for path in files:
        seen = readable_text(path)
        flat = bare(seen)
        for spot, digits in planted:
            assert digits.upper() not in flat, (path.name, spot)
        assert person not in seen, path.name
    sources = json.loads((out / f"disclosure-{PERIOD}.json").read_text(encoding="utf-8"))["income_by_source"]
    named = {s["party"]: s["name"] for s in sources}
    masked = named[pseudonym(wf_party_id(wf, person))]  # the donor's pseudonym, and their name masked
    assert masked[0] == "张" and set(masked[1:]) == {"*"}
    notes = json.loads((out / f"disclosure-{PERIOD}.json").read_text(encoding="utf-8"))["notes"]
    related = {r["item"]: r["name_zh"] for r in notes if r["section"] == "related_parties"}
    assert related[pseudonym(wf_party_id(wf, person))] == masked
    assert masked in {r["name_zh"] for r in notes if r["section"] == "gifts"}


def wf_party_id(book: BookHandle, code: str) -> int:
    with book.store.engine.connect() as conn:
        return int(conn.execute(text("SELECT id FROM parties WHERE code = :code"), {"code": code}).scalar_one())


def test_report_disclosure_lists_the_free_text_it_publishes(wf: BookHandle, tmp_path: Path) -> None:
    plant(wf, 0, ["一"] * PLACES)
    done = write_pack(wf, tmp_path / "pack", "--skip-pdf", env={"CFUND_LANG": "en"})
    assert done.exit_code == 0, done.stderr
    assert "publishes this free text as typed" in done.stderr
    assert f"project title: 1 text, in disclosure-{PERIOD}-projects.csv, title" in done.stderr
    listed = write_pack(wf, tmp_path / "again", "--skip-pdf", "--format", "json")
    texts = {(item["field"], item["text"]) for item in json.loads(listed.stdout)["free_text"]}
    assert {("projects.title", "联系一"), ("projects.evaluation", "回访一"), ("projects.compound", "一小区")} <= texts
    assert ("income_by_source.name", "燃气公司一") in texts and ("book_name", "社区基金一") in texts
    assert not any("张一" in text for _, text in texts)  # an individual's name is masked before it is listed
