"""Partner network: the learner maps the local partners of an insertion counsellor (block 3)."""

from xblocks.partner_network.block import PartnerNetworkBlock

__all__ = ["PartnerNetworkBlock"]
