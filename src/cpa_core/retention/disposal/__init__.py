"""Disposal: what may happen to a record once its minimum period has passed, and why.

Nothing is ever destroyed automatically: a decision gives the earliest review date, the holds
that block disposal and whether a recorded appraisal approves it; people carry it out.
"""
