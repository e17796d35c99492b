-- A patient's training read by day (Today, progress, the record) finds every row it needs
-- inside the indexes, the patient's rows side by side, instead of one table page per row:
-- sessions by (patient, day) with the columns the daily totals need, sets by (patient,
-- session) with all of theirs, and next-morning pains by (patient, day). Each new index
-- starts with the columns of the one it replaces.
CREATE INDEX training_sessions_patient_day
    ON training_sessions (patient_id, session_date, clinic_id, id, pain_during, pain_after);
DROP INDEX training_sessions_patient_date;
CREATE INDEX training_sets_patient_session
    ON training_sets (patient_id, session_id, exercise, set_number, reps, hold_seconds, load_kg);
DROP INDEX training_sets_patient;
CREATE INDEX checkins_patient_pain ON checkins (patient_id, session_date, clinic_id, pain);
