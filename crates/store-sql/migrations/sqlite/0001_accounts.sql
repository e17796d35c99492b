-- Clinics, users, sessions, sign-in throttling, invitations, password resets, API tokens,
-- patients and their care team, and the audit log.
-- Ids are 16-byte UUIDv7 values; moments are microseconds since 1970 in UTC; dates are ISO text.

CREATE TABLE clinics (
    id BLOB PRIMARY KEY NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    questionnaire_interval_days INTEGER NOT NULL DEFAULT 14,
    cancellation_window_hours INTEGER NOT NULL DEFAULT 24,
    meeting_link_template TEXT,
    currency TEXT NOT NULL DEFAULT 'EUR'
);

CREATE TABLE users (
    id BLOB PRIMARY KEY NOT NULL,
    clinic_id BLOB NOT NULL REFERENCES clinics (id),
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('patient', 'clinician', 'admin')),
    profession TEXT CHECK (profession IN ('physiotherapist', 'massage-therapist')),
    time_zone TEXT NOT NULL,
    password_hash TEXT,
    created_at INTEGER NOT NULL,
    locked_until INTEGER,
    deleted_at INTEGER
);
CREATE INDEX users_clinic_role ON users (clinic_id, role, name);

CREATE TABLE sessions (
    token_hash BLOB PRIMARY KEY NOT NULL,
    user_id BLOB NOT NULL REFERENCES users (id),
    csrf_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    ip TEXT,
    user_agent TEXT
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_failures (
    key TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX login_failures_key_at ON login_failures (key, at);

CREATE TABLE invitations (
    id BLOB PRIMARY KEY NOT NULL,
    token_hash BLOB NOT NULL UNIQUE,
    clinic_id BLOB NOT NULL REFERENCES clinics (id),
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('patient', 'clinician', 'admin')),
    profession TEXT CHECK (profession IN ('physiotherapist', 'massage-therapist')),
    invited_by BLOB NOT NULL REFERENCES users (id),
    care_clinician BLOB REFERENCES users (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    accepted_at INTEGER,
    accepted_user BLOB REFERENCES users (id)
);
CREATE INDEX invitations_clinic ON invitations (clinic_id, created_at);

CREATE TABLE password_resets (
    token_hash BLOB PRIMARY KEY NOT NULL,
    user_id BLOB NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
);

CREATE TABLE api_tokens (
    id BLOB PRIMARY KEY NOT NULL,
    user_id BLOB NOT NULL REFERENCES users (id),
    name TEXT NOT NULL,
    token_hash BLOB NOT NULL UNIQUE,
    scopes TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER,
    last_used_at INTEGER,
    revoked_at INTEGER
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE patients (
    user_id BLOB PRIMARY KEY NOT NULL REFERENCES users (id),
    clinic_id BLOB NOT NULL REFERENCES clinics (id),
    created_at INTEGER NOT NULL
);
CREATE INDEX patients_clinic ON patients (clinic_id);

CREATE TABLE care_team (
    patient_id BLOB NOT NULL REFERENCES patients (user_id),
    clinician_id BLOB NOT NULL REFERENCES users (id),
    PRIMARY KEY (patient_id, clinician_id)
);
CREATE INDEX care_team_clinician ON care_team (clinician_id);

CREATE TABLE audit_log (
    id BLOB PRIMARY KEY NOT NULL,
    at INTEGER NOT NULL,
    clinic_id BLOB,
    actor_id BLOB,
    actor_role TEXT,
    patient_id BLOB,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    ip TEXT,
    detail TEXT
);
CREATE INDEX audit_log_clinic_at ON audit_log (clinic_id, at);
CREATE INDEX audit_log_patient_at ON audit_log (patient_id, at);
