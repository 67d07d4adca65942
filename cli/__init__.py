"""The ``cfund`` command: parses, calls one service, renders. Knows no SQL.

:mod:`.main` builds the root app, :mod:`.group` turns errors into exit codes, :mod:`.retry` runs a
command again after a serialisation conflict, :mod:`.context` is the only module that builds a
unit of work or a reader, :mod:`.render` prints every table, JSON and CSV, :mod:`.interrupt`
keeps Ctrl-C. :mod:`cli.text` holds every word shown, in zh-CN and en; :mod:`cli.commands` one
module per command group. A new command goes in the module of its group, its words in
:mod:`cli.text`, its test in ``tests/cli/commands/``.
"""
