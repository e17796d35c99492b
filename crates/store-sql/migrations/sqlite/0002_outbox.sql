-- The mail outbox: queued with what caused it, delivered by the sender, never lost.
CREATE TABLE outbox (
    id BLOB PRIMARY KEY NOT NULL,
    clinic_id BLOB REFERENCES clinics (id),
    user_id BLOB REFERENCES users (id),
    to_address TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    calendar TEXT,
    created_at INTEGER NOT NULL,
    send_after INTEGER NOT NULL,
    sent_at INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
);
CREATE INDEX outbox_due ON outbox (sent_at, send_after);
CREATE INDEX outbox_to ON outbox (to_address, created_at);
