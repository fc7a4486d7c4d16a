"""Partner network: the learner maps the local partners of an insertion counsellor (block 3)."""
