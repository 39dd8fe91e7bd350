"""The coach's LangGraph agent: state, graph, model providers and the offline engine."""
