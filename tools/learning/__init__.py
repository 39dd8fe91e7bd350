"""Learning: the course catalog and its search, course providers, and learning plans fitted into the hours a week."""
