"""revcycle: an open-source medical billing and revenue-cycle system."""

__version__ = "0.1.0"
