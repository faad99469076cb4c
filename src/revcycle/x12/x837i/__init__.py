"""837I institutional claims (005010X223A2; X223A3 files are read too)."""

from revcycle.x12.x837i.models import Institutional837, InstitutionalClaim, InstitutionalService
from revcycle.x12.x837i.parser import parse_837i
from revcycle.x12.x837i.writer import write_837i

__all__ = ["Institutional837", "InstitutionalClaim", "InstitutionalService", "parse_837i", "write_837i"]
