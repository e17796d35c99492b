-- A booking request's one-time key (a form's hidden token or an API `Idempotency-Key`): a
-- repeat of the request with the same key returns the first result instead of booking again.
-- Written in the transaction that books, so a key is recorded exactly when its booking is.
CREATE TABLE booking_requests (
    user_id BYTEA NOT NULL,
    request_key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    appointment_ids TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, request_key)
);

