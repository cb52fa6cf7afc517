CREATE TABLE orders (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts(id),
    total_cents INTEGER NOT NULL CHECK (total_cents >= 0),
    status      TEXT NOT NULL DEFAULT 'open'
);
CREATE INDEX orders_by_account ON orders(account_id);

-- Keep a per-account order count current; the body has several statements, so the splitter must keep it whole.
ALTER TABLE accounts ADD COLUMN order_count INTEGER NOT NULL DEFAULT 0;
CREATE TRIGGER orders_count_insert AFTER INSERT ON orders
BEGIN
    UPDATE accounts SET order_count = order_count + 1 WHERE id = NEW.account_id;
    SELECT CASE WHEN NEW.total_cents > 100000000 THEN RAISE(ABORT, 'order total; too large') END;
END;
