"""Widgets of the play and verdict screens."""
