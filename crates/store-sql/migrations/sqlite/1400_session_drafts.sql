-- Today's session in progress (workout mode): the sets ticked so far, one draft per patient,
-- plan version and local date. Finishing logs the session (with the draft's id) and deletes the
-- draft in one transaction; a finish sent with a request key records the key, so that a repeat
-- finds the session it logged instead of logging another.
CREATE TABLE session_drafts (
    patient_id BLOB NOT NULL REFERENCES users (id),
    plan_version_id BLOB NOT NULL REFERENCES plan_versions (id),
    session_date TEXT NOT NULL,
    id BLOB NOT NULL,
    clinic_id BLOB NOT NULL REFERENCES clinics (id),
    sets TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (patient_id, plan_version_id, session_date)
);
CREATE UNIQUE INDEX session_drafts_id ON session_drafts (id);

CREATE TABLE session_draft_finishes (
    patient_id BLOB NOT NULL REFERENCES users (id),
    request_key TEXT NOT NULL,
    session_id BLOB NOT NULL,
    session_date TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (patient_id, request_key)
);
