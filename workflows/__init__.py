"""The micro-project workflow: 点单 → 派单 → 接单 → 申请 → 评审 → 拨付 → 评估 → 公开, on top of the
ledger (it imports :mod:`ledger`, never the reverse).

- :mod:`workflows.project`: the transition table, the machine, the guards and the ledger
  effects of each step, as pure values: no SQL. A new stage or rule of who may act goes here
  (and in ``fixtures/workflow.toml``).
- :mod:`workflows.storage`: the workflow's tables and repository.
- :mod:`workflows.services`: one function per step (intake, review, delivery), firing the
  machine through :mod:`.services.transition` and writing what it returns; batches of steps; the
  audit. A new command's logic goes here.
- :mod:`workflows.reports`: reads of projects and activity.
- :mod:`workflows.disclosure`: the public pack, from one set of figures, in every format.
- :mod:`workflows.demo`: the Longmatan scenario and the generated history.
"""
