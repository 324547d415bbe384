"""ChiBo: software for Party cell meetings (sinh hoạt chi bộ)."""

__version__ = "0.1.0"
