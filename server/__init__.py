"""The FastAPI app, its routers per area, auth, and the CLI."""
