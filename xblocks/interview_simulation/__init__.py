"""Interview simulation: the learner plays the counsellor in an intake or follow-up interview."""

from xblocks.interview_simulation.block import InterviewSimulationBlock

__all__ = ["InterviewSimulationBlock"]
