from revcycle.x12.x270 import transaction_270, write_270

__all__ = ["transaction_270", "write_270"]
