"""Seller Ops Handbook: the library behind the site, the playbooks and the command line."""

__version__ = "0.2.0"
