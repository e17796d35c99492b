-- Clinics, users, sessions, sign-in throttling, invitations, password resets, API tokens,
-- patients and their care team, and the audit log.
-- Ids are 16-byte UUIDv7 values; moments are microseconds since 1970 in UTC; dates are ISO text.

CREATE TABLE clinics (
    id BYTEA PRIMARY KEY NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    questionnaire_interval_days INTEGER NOT NULL DEFAULT 14,
    cancellation_window_hours INTEGER NOT NULL DEFAULT 24,
    meeting_link_template TEXT,
    currency TEXT NOT NULL DEFAULT 'EUR'
);

CREATE TABLE users (
    id BYTEA PRIMARY KEY NOT NULL,
    clinic_id BYTEA NOT NULL REFERENCES clinics (id),
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('patient', 'clinician', 'admin')),
    profession TEXT CHECK (profession IN ('physiotherapist', 'massage-therapist')),
    time_zone TEXT NOT NULL,
    password_hash TEXT,
    created_at BIGINT NOT NULL,
    locked_until BIGINT,
    deleted_at BIGINT
);
CREATE INDEX users_clinic_role ON users (clinic_id, role, name);

CREATE TABLE sessions (
    token_hash BYTEA PRIMARY KEY NOT NULL,
    user_id BYTEA NOT NULL REFERENCES users (id),
    csrf_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    ip TEXT,
    user_agent TEXT
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_failures (
    key TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX login_failures_key_at ON login_failures (key, at);

CREATE TABLE invitations (
    id BYTEA PRIMARY KEY NOT NULL,
    token_hash BYTEA NOT NULL UNIQUE,
    clinic_id BYTEA NOT NULL REFERENCES clinics (id),
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('patient', 'clinician', 'admin')),
    profession TEXT CHECK (profession IN ('physiotherapist', 'massage-therapist')),
    invited_by BYTEA NOT NULL REFERENCES users (id),
    care_clinician BYTEA REFERENCES users (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    accepted_at BIGINT,
    accepted_user BYTEA REFERENCES users (id)
);
CREATE INDEX invitations_clinic ON invitations (clinic_id, created_at);

CREATE TABLE password_resets (
    token_hash BYTEA PRIMARY KEY NOT NULL,
    user_id BYTEA NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);

CREATE TABLE api_tokens (
    id BYTEA PRIMARY KEY NOT NULL,
    user_id BYTEA NOT NULL REFERENCES users (id),
    name TEXT NOT NULL,
    token_hash BYTEA NOT NULL UNIQUE,
    scopes TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT,
    last_used_at BIGINT,
    revoked_at BIGINT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE patients (
    user_id BYTEA PRIMARY KEY NOT NULL REFERENCES users (id),
    clinic_id BYTEA NOT NULL REFERENCES clinics (id),
    created_at BIGINT NOT NULL
);
CREATE INDEX patients_clinic ON patients (clinic_id);

CREATE TABLE care_team (
    patient_id BYTEA NOT NULL REFERENCES patients (user_id),
    clinician_id BYTEA NOT NULL REFERENCES users (id),
    PRIMARY KEY (patient_id, clinician_id)
);
CREATE INDEX care_team_clinician ON care_team (clinician_id);

CREATE TABLE audit_log (
    id BYTEA PRIMARY KEY NOT NULL,
    at BIGINT NOT NULL,
    clinic_id BYTEA,
    actor_id BYTEA,
    actor_role TEXT,
    patient_id BYTEA,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    ip TEXT,
    detail TEXT
);
CREATE INDEX audit_log_clinic_at ON audit_log (clinic_id, at);
CREATE INDEX audit_log_patient_at ON audit_log (patient_id, at);
