-- Signalling messages too long for a NOTIFY payload (video offers): the notification carries
-- the row's id, and each listening app server reads the body from here.
CREATE TABLE signal_messages (
    id BIGSERIAL PRIMARY KEY,
    body TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX signal_messages_created_at ON signal_messages (created_at);
