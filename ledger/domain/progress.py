"""How long work reports how far it has come.

:data:`Progress` hears ``progress(done, total)``; :data:`Count` hears how many more were done
(a batch of entries written); a :class:`Tally` adds counts up and passes them on as progress.
"""

from __future__ import annotations

from collections.abc import Callable

#: ``progress(done, total)``.
Progress = Callable[[int, int], None]
#: ``count(n)``: n more done.
Count = Callable[[int], None]
#: Reads of the whole journal (audit, exports) report their progress every this many entries.
PROGRESS_EVERY = 2_000


class Tally:
    """Counts reported as they come (a batch of entries written) passed on as ``progress(done,
    total)``; :meth:`settle` changes the total once it is known."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress, self.done, self.total = progress, 0, total

    def __call__(self, count: int) -> None:
        self.done += count
        if self.progress:
            self.progress(self.done, self.total)

    def settle(self, total: int) -> None:
        """A new total, shown at once (a bar that will end sooner than first thought)."""
        if total != self.total:
            self.total = total
            self(0)
