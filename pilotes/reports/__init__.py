"""Counting and evidence reports."""
