"""The coach's capabilities, one folder each: a pure engine, its data sources and a LangChain tool wrapper."""
