"""A micro-project as pure values: the stages and transitions (from ``fixtures/workflow.toml``),
the one shared machine, the separation-of-duties guards and the ledger entries each step
causes. Nothing here reads a database or the clock."""
