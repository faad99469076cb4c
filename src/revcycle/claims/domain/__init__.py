"""The claims domain: the claim as billed, its lifecycle, and its snapshot. Pure: no I/O."""
