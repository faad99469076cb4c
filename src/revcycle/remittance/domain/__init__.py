"""The remittance context's pure domain: posting plans, line matching, denial causes, EFT matching."""
