"""Career memory: SQLModel tables and repositories, migrations, and (later) the vector store."""
