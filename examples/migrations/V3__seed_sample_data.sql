-- Sample data, large enough that the migration takes a moment and the workers visibly wait for it.
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
INSERT INTO accounts (id, email) SELECT i, 'user' || i || '@example.com' FROM n;

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
INSERT INTO orders (account_id, total_cents) SELECT 1 + (i * 7919) % 20000, (i * 104729) % 50000 FROM n;
