"""Reading data files: the fixtures shipped with cfund (chart, funds, purposes, rules) and the
tables people bring (CSV, XLSX). A new input format or fixture file goes here."""
