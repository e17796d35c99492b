-- A sign-up waits here until the person opens the link mailed to them; only then is the account
-- made (and the booking they were making, if its time is still free). The link's token is kept
-- hashed, like reset tokens, and works once, within its lifetime: the row goes when it is used.
CREATE TABLE pending_sign_ups (
    token_hash BYTEA PRIMARY KEY NOT NULL,
    clinic_id BYTEA NOT NULL REFERENCES clinics (id),
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    booking_type BYTEA,
    booking_start BIGINT,
    booking_clinician BYTEA,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX pending_sign_ups_email ON pending_sign_ups (email);
