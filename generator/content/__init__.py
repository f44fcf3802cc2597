"""Stages 1 to 3: the content read (load), checked (validate, checks) and typed (model, corpus)."""
