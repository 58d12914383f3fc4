"""Revision tokens of the tables that processes keep a copy of (categories, the holiday calendar, the units)."""
