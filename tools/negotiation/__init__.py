"""Negotiation: strategy, the recruiter simulator, debriefs."""
