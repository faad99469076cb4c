from revcycle.x12.x277 import parse_277

__all__ = ["parse_277"]
