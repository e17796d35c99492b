-- The clinician's workspace: the clinician's reason and adjustments on plan versions, clinical
-- notes (signed notes are immutable; amendments are added), messages between a patient and
-- their care team with read markers, red-flag stops cleared after assessment, and refused
-- massage-gun attempts. The caseload reads these through the indexes below, in bounded windows.

ALTER TABLE plan_versions ADD COLUMN change_note TEXT;
ALTER TABLE plan_versions ADD COLUMN adjustments TEXT;

CREATE TABLE clinical_notes (
    id BYTEA PRIMARY KEY NOT NULL,
    patient_id BYTEA NOT NULL REFERENCES patients (user_id),
    clinic_id BYTEA NOT NULL REFERENCES clinics (id),
    author_id BYTEA NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL CHECK (kind IN ('first-assessment', 'follow-up')),
    subjective TEXT NOT NULL,
    objective TEXT NOT NULL,
    assessment TEXT NOT NULL,
    plan TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    signed_at BIGINT,
    signed_by BYTEA REFERENCES users (id)
);
CREATE INDEX clinical_notes_patient ON clinical_notes (patient_id, created_at);

-- A signed note is never changed: amendments are added beside it.
CREATE FUNCTION clinical_notes_refuse_signed_update() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'a signed note cannot be changed; add an amendment';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER clinical_notes_signed_are_immutable
BEFORE UPDATE ON clinical_notes
FOR EACH ROW WHEN (OLD.signed_at IS NOT NULL)
EXECUTE FUNCTION clinical_notes_refuse_signed_update();

CREATE TABLE note_amendments (
    id BYTEA PRIMARY KEY NOT NULL,
    note_id BYTEA NOT NULL REFERENCES clinical_notes (id),
    patient_id BYTEA NOT NULL REFERENCES patients (user_id),
    clinic_id BYTEA NOT NULL REFERENCES clinics (id),
    author_id BYTEA NOT NULL REFERENCES users (id),
    text TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX note_amendments_note ON note_amendments (note_id, created_at);
CREATE INDEX note_amendments_patient ON note_amendments (patient_id);

CREATE TABLE messages (
    id BYTEA PRIMARY KEY NOT NULL,
    patient_id BYTEA NOT NULL REFERENCES patients (user_id),
    clinic_id BYTEA NOT NULL REFERENCES clinics (id),
    author_id BYTEA NOT NULL REFERENCES users (id),
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX messages_patient_at ON messages (patient_id, created_at);
CREATE INDEX messages_clinic_at ON messages (clinic_id, created_at);

CREATE TABLE message_reads (
    patient_id BYTEA NOT NULL REFERENCES patients (user_id),
    reader_id BYTEA NOT NULL REFERENCES users (id),
    last_read_at BIGINT NOT NULL,
    PRIMARY KEY (patient_id, reader_id)
);

CREATE TABLE red_flag_clearances (
    id BYTEA PRIMARY KEY NOT NULL,
    patient_id BYTEA NOT NULL REFERENCES patients (user_id),
    clinic_id BYTEA NOT NULL REFERENCES clinics (id),
    cleared_by BYTEA NOT NULL REFERENCES users (id),
    cleared_at BIGINT NOT NULL,
    reason TEXT NOT NULL,
    rules TEXT NOT NULL
);
CREATE INDEX red_flag_clearances_patient ON red_flag_clearances (patient_id, cleared_at);

CREATE TABLE massage_gun_refusals (
    id BYTEA PRIMARY KEY NOT NULL,
    patient_id BYTEA NOT NULL REFERENCES patients (user_id),
    clinic_id BYTEA NOT NULL REFERENCES clinics (id),
    at BIGINT NOT NULL,
    local_date TEXT NOT NULL,
    breaches TEXT NOT NULL,
    rules TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX massage_gun_refusals_patient_at ON massage_gun_refusals (patient_id, at);
