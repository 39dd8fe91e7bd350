"""Reference data every capability shares: job titles → BLS OEWS occupations (`titles`), places → OEWS areas
(`areas`), the OEWS wage store (`oews`), seniority levels → positions on the pay curve (`levels`), and places
outside the US (`world`). Salary, skills, careers, negotiation, offers, mentors and the chat all resolve titles
and places here, so one title gives one occupation everywhere."""
