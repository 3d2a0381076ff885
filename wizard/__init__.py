"""Antragshilfe wizard: declarative German application forms as multilingual wizards."""

__version__ = "0.1.0"
