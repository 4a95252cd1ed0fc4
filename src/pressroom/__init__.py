"""Pressroom: from an issue folder of sources to a newspaper's print PDF."""

__version__ = "0.3.0"
