"""A simulated clearinghouse and payer: reads the 837s a practice sends, answers with TA1, 999,
277CA and, after a lag of sandbox days, balanced 835s; answers 270 and 276 in real time.

It plays the payer, so it uses only ``x12``, ``kit`` and its own configuration (never the claims,
remittance or ledger code it is meant to check). Adjudication is pure (:mod:`.adjudication`).
"""
