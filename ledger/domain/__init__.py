"""Pure values and rules of the books: no database, no files, no clock.

Money (:mod:`.money`), entries and their legs (:mod:`.entries`), every account code and
vocabulary (:mod:`.codes`), user text (:mod:`.text`), progress (:mod:`.progress`), periods, the
rate rules, closing a month, fund arithmetic, the hash chain, privacy, and
:mod:`.validation`: the one list of checks every entry passes, single or bulk. Modules here
import only the standard library, :mod:`ledger.errors` and each other. A new rule of the books
(a check on entries, a split, a statement's arithmetic) goes here, with its test in
``tests/ledger/domain/``.
"""
