from revcycle.x12.x277ca import parse_277ca

__all__ = ["parse_277ca"]
