-- The waiting list: a patient waits for an appointment type, with a named clinician or anyone
-- (clinician_key is the clinician's id, or empty for anyone, so that one patient's same wish is
-- kept once), over a range of their own dates. Served in joining order.
CREATE TABLE waiting_list_entries (
    id BLOB PRIMARY KEY NOT NULL,
    clinic_id BLOB NOT NULL REFERENCES clinics (id),
    patient_id BLOB NOT NULL REFERENCES users (id),
    type_id BLOB NOT NULL REFERENCES appointment_types (id),
    clinician_id BLOB REFERENCES users (id),
    clinician_key BLOB NOT NULL,
    from_date TEXT NOT NULL,
    to_date TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX waiting_list_entries_wish
    ON waiting_list_entries (patient_id, type_id, clinician_key, from_date, to_date);
CREATE INDEX waiting_list_entries_order ON waiting_list_entries (clinic_id, created_at, id);

-- A freed time offered to someone waiting, behind a one-time link whose token is kept hashed.
-- The link works once (used_at) and until expires_at; the offers go with their entry.
CREATE TABLE waiting_list_offers (
    token_hash BLOB PRIMARY KEY NOT NULL,
    id BLOB NOT NULL UNIQUE,
    entry_id BLOB NOT NULL REFERENCES waiting_list_entries (id),
    clinic_id BLOB NOT NULL REFERENCES clinics (id),
    patient_id BLOB NOT NULL REFERENCES users (id),
    type_id BLOB NOT NULL REFERENCES appointment_types (id),
    clinician_id BLOB REFERENCES users (id),
    start_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
);
CREATE INDEX waiting_list_offers_entry ON waiting_list_offers (entry_id, expires_at);
CREATE INDEX waiting_list_offers_patient ON waiting_list_offers (patient_id);
