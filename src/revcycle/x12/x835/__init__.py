"""835 health care claim payment/advice (005010X221A1)."""

from revcycle.x12.x835.models import ClaimPayment, Remittance835, ServicePayment
from revcycle.x12.x835.parser import parse_835
from revcycle.x12.x835.writer import write_835

__all__ = ["ClaimPayment", "Remittance835", "ServicePayment", "parse_835", "write_835"]
