"""Open edX XBlocks of insertion-pro: the assessed activities of the course."""
