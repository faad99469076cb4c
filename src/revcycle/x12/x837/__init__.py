"""What the professional (837P) and institutional (837I) claim guides share: the header, the
billing provider, subscriber and patient HL loops, other payers (2320/2330) and line adjudication
(2430)."""
