"""Territories: loading the COG reference data and resolving postal codes."""
