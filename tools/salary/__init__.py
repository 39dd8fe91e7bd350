"""Salary intelligence on BLS OEWS market data: titles and places resolved, market figures, ranges."""
