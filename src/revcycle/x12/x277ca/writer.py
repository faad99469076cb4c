from revcycle.x12.x277ca import transaction_277ca, write_277ca

__all__ = ["transaction_277ca", "write_277ca"]
