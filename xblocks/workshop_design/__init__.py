"""Workshop design: the learner designs a workshop that answers a commissioning body's brief,
checked at once and graded by a trainer with a rubric (block 4)."""
