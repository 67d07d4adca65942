"""Use cases of the workflow, each opening and committing its own unit of work: ordering and
applying (:mod:`.intake`), co-funding (:mod:`.cofunding`), review (:mod:`.review`), payment to
disclosure (:mod:`.delivery`), many steps in one batch (:mod:`.import_steps`), and the audit and
restore (:mod:`.audit`). Every step fires through :mod:`.transition`: ``allowed`` and
``advance`` build the :class:`~workflows.project.state.Change`, the step's effect fills it (a
function returning a new value), ``write`` writes it. A new step's logic goes in the module of
its stage."""
