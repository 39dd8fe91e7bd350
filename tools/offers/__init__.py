"""Offer analysis: one to five job offers in, their full value, their place on the market and what to
negotiate in each out. `analysis.analyze_offers` is the engine; the REST router, the CLI and the agent tool
are thin layers over it."""
