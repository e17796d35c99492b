-- Training reminders: each patient's settings (days as bits, Monday = 1 … Sunday = 64; times on
-- the patient's wall clock), the reminders queued (one per patient, kind and local date, however
-- many app servers run), and secrets shared by every app server (the unsubscribe-link key).
CREATE TABLE reminder_preferences (
    patient_id BYTEA PRIMARY KEY NOT NULL REFERENCES users (id),
    clinic_id BYTEA NOT NULL REFERENCES clinics (id),
    days INTEGER NOT NULL,
    training_time TEXT NOT NULL,
    morning_time TEXT NOT NULL,
    training_on INTEGER NOT NULL,
    missed_session_on INTEGER NOT NULL,
    morning_check_on INTEGER NOT NULL,
    updated_at BIGINT NOT NULL,
    next_check_at BIGINT
);
CREATE INDEX reminder_preferences_due ON reminder_preferences (next_check_at);

CREATE TABLE reminder_mails (
    patient_id BYTEA NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL,
    local_date TEXT NOT NULL,
    mail_id BYTEA NOT NULL REFERENCES outbox (id),
    list_unsubscribe TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (patient_id, kind, local_date)
);
CREATE UNIQUE INDEX reminder_mails_mail ON reminder_mails (mail_id);

CREATE TABLE server_secrets (
    name TEXT PRIMARY KEY NOT NULL,
    secret BYTEA NOT NULL,
    created_at BIGINT NOT NULL
);
