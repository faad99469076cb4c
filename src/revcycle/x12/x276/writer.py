from revcycle.x12.x276 import transaction_276, write_276

__all__ = ["transaction_276", "write_276"]
