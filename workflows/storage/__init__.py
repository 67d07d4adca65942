"""The workflow's tables (projects, events, contributions, disclosures) and the queries of its
write path."""
