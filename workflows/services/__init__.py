"""Use cases of the workflow, each opening and committing its own unit of work: ordering and
applying (:mod:`.intake`), review (:mod:`.review`), payment to disclosure (:mod:`.delivery`),
many steps in one batch (:mod:`.import_steps`) and the audit (:mod:`.audit`). Every step fires
through :func:`.transition.fire`, which returns what changes; the service writes it."""
