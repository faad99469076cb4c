"""Security use cases, one module per concern; the names other contexts use are re-exported here."""

from revcycle.security.service.audit import (
    accounting_of_disclosures,
    record_access,
    record_disclosure,
    record_now,
    search_audit,
    verify_audit_chain,
)
from revcycle.security.service.coding_audit import register_coded_work

__all__ = [
    "accounting_of_disclosures",
    "record_access",
    "record_disclosure",
    "record_now",
    "register_coded_work",
    "search_audit",
    "verify_audit_chain",
]
