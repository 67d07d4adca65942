"""Reads of the workflow through the plain DB-API reader: project lists and details, history,
next actions, and who did what when."""
