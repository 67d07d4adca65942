"""The disclosure pack's A4 PDF for the notice board, rendered by WeasyPrint from the residents'
HTML page with a CJK font embedded. Without a Chinese font a PDF would print boxes (豆腐块), so
the pack checks for one first (fontconfig's ``fc-list :lang=zh``) and fails with a clear message
before anything is written."""

from __future__ import annotations

import logging
import shutil
import subprocess
from pathlib import Path

from ledger.data.files import replaced
from ledger.errors import SystemProblem


def cjk_fonts() -> list[str]:
    """The font families fontconfig can use for Chinese text (empty when there are none)."""
    tool = shutil.which("fc-list")
    if tool is None:
        return []
    done = subprocess.run([tool, ":lang=zh", "family"], capture_output=True, text=True, check=False)
    return sorted({line.strip() for line in done.stdout.splitlines() if line.strip()})


def require_cjk_font() -> None:
    if not cjk_fonts():
        raise SystemProblem("no_cjk_font")


def pdf_of(body: str, target: Path) -> Path:
    """An HTML page given as text printed to ``target``, written whole or not at all (a receipt,
    a donor's statement)."""
    from weasyprint import HTML

    _quiet()
    with replaced(target) as partial:
        HTML(string=body, base_url=str(target.parent)).write_pdf(str(partial))
    return target


def _quiet() -> None:
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)


def write_pdf(page: Path) -> Path:
    """Render ``page`` (the residents' HTML) to an A4 PDF beside it; written whole or not at all."""
    from weasyprint import HTML

    _quiet()
    path = page.with_suffix(".pdf")
    HTML(filename=str(page)).write_pdf(str(path))
    return path
