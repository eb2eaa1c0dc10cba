CREATE TABLE documents (id serial PRIMARY KEY, body text NOT NULL, embedding vector(3));
INSERT INTO documents (body, embedding) VALUES ('hello', '[1,2,3]'), ('world', '[1,2,4]');
