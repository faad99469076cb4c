"""What the professional (837P) and institutional (837I) claim guides share: the transaction set
(``Transaction837``), the header, the billing provider, subscriber and patient HL loops, the 2300
claim's common segments, other payers (2320/2330), service dates and line adjudication (2430)."""
