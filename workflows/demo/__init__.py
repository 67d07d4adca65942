"""The Longmatan demo: the scenario's book, money and people (:mod:`.scenario`), its micro-projects
(:mod:`.projects`) and years of generated history for benchmarks (:mod:`.history`)."""
