"""What the checks of :mod:`ledger.domain.validation` ask of a book, answered from a unit of work:
its references (cached lookups), its closed months, each fund's figures and the day it is.

:class:`BookFacts` serves a single post and reads a fund's figures only when an entry takes the
fund down; :class:`LoadFacts` serves a bulk load and reads everything once, under the book lock.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

from ledger.domain.funds import FundState
from ledger.domain.periods import month_of
from ledger.storage.refs import Refs
from ledger.storage.repository import fund_figures, funds_of
from ledger.storage.uow import UnitOfWork


class BookFacts:
    """The book as one entry's checks see it."""

    def __init__(self, uow: UnitOfWork, refs: Refs | None = None) -> None:
        self.refs = refs or uow.refs
        self.today = uow.today
        self.account, self.fund = self.refs.account, self.refs.fund
        self.party, self.compound = self.refs.party, self.refs.compound
        self.funds = FundState(partial(fund_figures, uow))

    def closed_until(self, day: dt.date) -> str | None:
        """The last closed month, if ``day`` falls in it or before it."""
        return self.refs.last_closed() if self.refs.closed(month_of(day)) else None


class LoadFacts(BookFacts):
    """The book as a bulk load's checks see it: every reference, closed month and fund's figures
    read at the start (``refs`` preloaded), the funds then carried forward entry by entry."""

    def __init__(self, uow: UnitOfWork, refs: Refs) -> None:
        super().__init__(uow, refs)
        self.refs.last_closed()  # read now, kept for the load
        self.funds.know(fund.id or 0 for fund in funds_of(uow))
