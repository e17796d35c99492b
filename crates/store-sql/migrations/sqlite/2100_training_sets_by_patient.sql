-- A logged set is stored once, in the order it is read (issue 17). Every read of the sets is a
-- patient's (their sessions, their export, their deletion), so the table is keyed by patient
-- and session and has no rowid. Before, each set was written three times: the rowid table,
-- the primary key on (session, exercise, set) and the covering index by patient
-- (`training_sets_patient_session`), which this key replaces. A session's id belongs to one
-- patient, so the key is unique exactly where the old one was.
CREATE TABLE training_sets_by_patient (
    session_id BLOB NOT NULL REFERENCES training_sessions (id),
    patient_id BLOB NOT NULL REFERENCES patients (user_id),
    exercise TEXT NOT NULL,
    set_number INTEGER NOT NULL,
    reps INTEGER,
    load_kg REAL,
    hold_seconds INTEGER,
    PRIMARY KEY (patient_id, session_id, exercise, set_number)
) WITHOUT ROWID;
INSERT INTO training_sets_by_patient (session_id, patient_id, exercise, set_number, reps,
    load_kg, hold_seconds)
SELECT session_id, patient_id, exercise, set_number, reps, load_kg, hold_seconds
FROM training_sets ORDER BY patient_id, session_id, exercise, set_number;
DROP TABLE training_sets;
ALTER TABLE training_sets_by_patient RENAME TO training_sets;
