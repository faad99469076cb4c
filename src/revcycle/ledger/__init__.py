"""Ledger: double-entry postings, account balances, the trial balance and the AR roll-forward.

Other contexts build entries with :mod:`revcycle.ledger.domain` and post them with
:func:`revcycle.ledger.service.post`; see ``docs/ledger.md``.
"""
