"""Workshop design: the learner designs a workshop that answers a commissioning body's brief,
checked at once and graded by a trainer with a rubric (block 4)."""

from xblocks.workshop_design.block import WorkshopDesignBlock

__all__ = ["WorkshopDesignBlock"]
