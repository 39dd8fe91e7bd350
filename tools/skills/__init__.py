"""Skills: the O*NET + ESCO taxonomy, extraction from free text, and gap analysis against a target role."""
