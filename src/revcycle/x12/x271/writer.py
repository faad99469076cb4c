from revcycle.x12.x271 import transaction_271, write_271

__all__ = ["transaction_271", "write_271"]
