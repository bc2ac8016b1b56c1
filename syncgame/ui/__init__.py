"""The Textual user interface. The core packages never import this one."""
