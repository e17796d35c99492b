-- Sign-in, sign-up and reset attempts are reserved before the slow work (a password hash, a
-- mail) is done: one lock row per key serialises the check-and-count, and each counted attempt
-- carries its id so that a successful sign-in can give its reservation back.
ALTER TABLE login_failures ADD COLUMN attempt BLOB;
CREATE INDEX login_failures_attempt ON login_failures (attempt);

CREATE TABLE attempt_locks (
    key TEXT PRIMARY KEY NOT NULL,
    version INTEGER NOT NULL
);
