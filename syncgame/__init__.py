"""syncgame: a terminal puzzle game about Python thread synchronization."""

__version__ = "0.1.0"
