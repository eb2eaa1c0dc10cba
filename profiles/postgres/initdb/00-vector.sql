-- Every devstack Postgres has pgvector ready in the application database.
CREATE EXTENSION IF NOT EXISTS vector;
