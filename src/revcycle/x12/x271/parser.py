from revcycle.x12.x271 import parse_271

__all__ = ["parse_271"]
