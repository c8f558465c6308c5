"""Complaints 客诉 (SPEC §1): the models arrive with the complaints issue."""
