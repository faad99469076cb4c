from revcycle.x12.x276 import parse_276

__all__ = ["parse_276"]
