-- A patient's training by day, kept as it is written (issue 17): the charts, Today and the
-- record read weeks of days, and summing every set of every session of those weeks on each
-- read was most of their time. Each session adds itself to its day in the transaction that
-- stores it; the rows here are always the sums of the sessions and sets beside them.
CREATE TABLE training_day_totals (
    patient_id BYTEA NOT NULL REFERENCES patients (user_id),
    clinic_id BYTEA NOT NULL REFERENCES clinics (id),
    session_date TEXT NOT NULL,
    sessions BIGINT NOT NULL,
    pain_during INTEGER NOT NULL,
    pain_after INTEGER NOT NULL,
    reps BIGINT NOT NULL,
    hold_seconds BIGINT NOT NULL,
    volume_load DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (patient_id, session_date)
);
INSERT INTO training_day_totals (patient_id, clinic_id, session_date, sessions, pain_during,
    pain_after, reps, hold_seconds, volume_load)
SELECT t.patient_id, t.clinic_id, t.session_date, COUNT(DISTINCT t.id), MAX(t.pain_during),
    MAX(t.pain_after), COALESCE(SUM(s.reps), 0), COALESCE(SUM(s.hold_seconds), 0),
    COALESCE(SUM(s.reps * s.load_kg), 0)
FROM training_sessions t LEFT JOIN training_sets s
    ON s.patient_id = t.patient_id AND s.session_id = t.id
GROUP BY t.patient_id, t.clinic_id, t.session_date;
