"""Duty pages (K-7, K-9): the rota, swaps, handovers, the duty log, incidents, the shift settings. Thin: writes
through duty.services, reads through duty.selectors, lists through duty.filters."""
