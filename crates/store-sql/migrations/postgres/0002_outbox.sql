-- The mail outbox: queued with what caused it, delivered by the sender, never lost.
CREATE TABLE outbox (
    id BYTEA PRIMARY KEY NOT NULL,
    clinic_id BYTEA REFERENCES clinics (id),
    user_id BYTEA REFERENCES users (id),
    to_address TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    calendar TEXT,
    created_at BIGINT NOT NULL,
    send_after BIGINT NOT NULL,
    sent_at BIGINT,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
);
CREATE INDEX outbox_due ON outbox (sent_at, send_after);
CREATE INDEX outbox_to ON outbox (to_address, created_at);
