"""Contributions: issues, resources and potentials; support votes, comments, follows, search."""
