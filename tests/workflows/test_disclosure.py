"""The disclosure pack: every file carries the period, the same totals, the 大写 and the chain
head, CSVs open in Excel (BOM), and no file holds a resident's name, phone or ID number."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from typer.testing import CliRunner

from cli.main import app
from ledger.money import chinese_upper, format_amount, parse_amount
from ledger.services import setup
from tests.conftest import BookHandle
from tests.workflows.conftest import call, to_stage
from workflows import intake

runner = CliRunner()


def test_the_pack_carries_the_same_figures_in_every_file_and_no_personal_data(wf: BookHandle, tmp_path: Path) -> None:
    to_stage(wf, "disclosed")
    with wf.uow() as uow:
        setup.add_user(uow, "admin", name="王秀英", roles=["resident"])
    call(wf, intake.order, "王秀英", compound="c01", title="联系王阿姨 13812345678", need="身份证 510502198001011234")
    out = tmp_path / "pack"
    env = {
        "CFUND_DB": wf.location.url.replace("sqlite:///", "") if wf.store.is_sqlite else wf.location.url,
        "CFUND_BOOK": wf.code,
    }
    period = dt.date.today().strftime("%Y")
    done = runner.invoke(
        app, ["report", "disclosure", "--period", period, "--out", str(out)], env=env, catch_exceptions=False
    )
    assert done.exit_code == 0, done.stderr
    data = json.loads((out / f"disclosure-{period}.json").read_text(encoding="utf-8"))
    total = parse_amount(data["total_income"])
    assert total == parse_amount("1000.00") and data["total_income_upper"] == chinese_upper(total)
    files = sorted(out.iterdir())
    assert len(files) == 9
    for path in files:
        text = path.read_text(encoding="utf-8-sig")
        assert period in text and data["chain_head"] in text and chinese_upper(total) in text, path.name
        assert format_amount(total, grouping=path.suffix == ".html") in text, path.name
        for secret in ("王秀英", "13812345678", "510502198001011234"):
            assert secret not in text, (path.name, secret)
        if path.suffix == ".csv":
            assert path.read_bytes().startswith(b"\xef\xbb\xbf")
