from revcycle.x12.x277 import transaction_277, write_277

__all__ = ["transaction_277", "write_277"]
