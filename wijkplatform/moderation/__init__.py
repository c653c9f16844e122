"""Moderation: flags, the queue, hide and restore, merges, official answers, blocks,
organisation checks and the append-only audit log."""
