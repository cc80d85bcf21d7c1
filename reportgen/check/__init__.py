"""Checks: forms → findings with stable codes, and the quarter's status.

forms (each form, then the forms together), same_event (one event reported by several
municipalities), status (who sent what), workers (each file read and checked in its own process).
"""
