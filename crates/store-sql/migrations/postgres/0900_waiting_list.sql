-- The waiting list: a patient waits for an appointment type, with a named clinician or anyone
-- (clinician_key is the clinician's id, or empty for anyone, so that one patient's same wish is
-- kept once), over a range of their own dates. Served in joining order.
CREATE TABLE waiting_list_entries (
    id BYTEA PRIMARY KEY NOT NULL,
    clinic_id BYTEA NOT NULL REFERENCES clinics (id),
    patient_id BYTEA NOT NULL REFERENCES users (id),
    type_id BYTEA NOT NULL REFERENCES appointment_types (id),
    clinician_id BYTEA REFERENCES users (id),
    clinician_key BYTEA NOT NULL,
    from_date TEXT NOT NULL,
    to_date TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX waiting_list_entries_wish
    ON waiting_list_entries (patient_id, type_id, clinician_key, from_date, to_date);
CREATE INDEX waiting_list_entries_order ON waiting_list_entries (clinic_id, created_at, id);

-- A freed time offered to someone waiting, behind a one-time link whose token is kept hashed.
-- The link works once (used_at) and until expires_at; the offers go with their entry.
CREATE TABLE waiting_list_offers (
    token_hash BYTEA PRIMARY KEY NOT NULL,
    id BYTEA NOT NULL UNIQUE,
    entry_id BYTEA NOT NULL REFERENCES waiting_list_entries (id),
    clinic_id BYTEA NOT NULL REFERENCES clinics (id),
    patient_id BYTEA NOT NULL REFERENCES users (id),
    type_id BYTEA NOT NULL REFERENCES appointment_types (id),
    clinician_id BYTEA REFERENCES users (id),
    start_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX waiting_list_offers_entry ON waiting_list_offers (entry_id, expires_at);
CREATE INDEX waiting_list_offers_patient ON waiting_list_offers (patient_id);
