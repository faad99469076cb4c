"""Pure patient-billing rules: estimates, account balances and payment application, statements,
payment plans and dunning. No database, no files, no network."""
