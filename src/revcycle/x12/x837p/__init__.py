"""837P professional claims (005010X222A1; X222A2 files are read too)."""

from revcycle.x12.x837p.models import Professional837, ProfessionalClaim, ProfessionalService
from revcycle.x12.x837p.parser import parse_837p
from revcycle.x12.x837p.writer import write_837p

__all__ = ["Professional837", "ProfessionalClaim", "ProfessionalService", "parse_837p", "write_837p"]
