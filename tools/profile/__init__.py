"""The user's career profile: who they are, where, how experienced, and what they aim for."""
