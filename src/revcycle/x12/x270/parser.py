from revcycle.x12.x270 import parse_270

__all__ = ["parse_270"]
