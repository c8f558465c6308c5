"""Calls, recordings, QA and shifts (SPEC §3): the models arrive with the agent-desk issue."""
