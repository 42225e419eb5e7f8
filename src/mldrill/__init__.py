"""mldrill: an offline-first trainer for machine-learning interviews."""

__version__ = "0.1.0"
