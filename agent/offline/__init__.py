"""The offline engine: a deterministic chat model that coaches from tool results and reply templates."""
