"""quanze: publish 权责清单 (lists of administrative powers) as a cross-linked static site."""

__version__ = "0.1.0"
