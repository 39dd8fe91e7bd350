"""Career paths: roadmaps and pivots between occupations, and industry and occupation outlook."""
