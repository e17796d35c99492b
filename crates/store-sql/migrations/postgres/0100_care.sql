-- The patient's care: the intake, plan versions, training sessions and their sets, next-morning
-- check-ins, questionnaires, massage-gun screenings and sessions, and the running log.
-- Ids are 16-byte UUIDv7 values; moments are microseconds since 1970 in UTC; dates are ISO text.
-- Every table names the patient and the clinic, so that every query can name the clinic.

CREATE TABLE intakes (
    patient_id BYTEA PRIMARY KEY NOT NULL REFERENCES patients (user_id),
    clinic_id BYTEA NOT NULL REFERENCES clinics (id),
    answers TEXT NOT NULL,
    started_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    completed_at BIGINT
);

CREATE TABLE plan_versions (
    id BYTEA PRIMARY KEY NOT NULL,
    patient_id BYTEA NOT NULL REFERENCES patients (user_id),
    clinic_id BYTEA NOT NULL REFERENCES clinics (id),
    version INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    created_by BYTEA REFERENCES users (id),
    cause TEXT NOT NULL CHECK (cause IN ('intake', 'decision', 'clinician')),
    condition_name TEXT NOT NULL,
    side TEXT NOT NULL,
    protocol TEXT NOT NULL,
    level INTEGER NOT NULL,
    weeks_at_level INTEGER NOT NULL,
    eased INTEGER NOT NULL,
    sessions_per_week INTEGER NOT NULL CHECK (sessions_per_week BETWEEN 1 AND 7),
    programme_start TEXT NOT NULL,
    reasons TEXT NOT NULL,
    reviewed_at BIGINT,
    reviewed_by BYTEA REFERENCES users (id),
    UNIQUE (patient_id, version)
);

CREATE TABLE training_sessions (
    id BYTEA PRIMARY KEY NOT NULL,
    patient_id BYTEA NOT NULL REFERENCES patients (user_id),
    clinic_id BYTEA NOT NULL REFERENCES clinics (id),
    plan_version_id BYTEA NOT NULL REFERENCES plan_versions (id),
    session_date TEXT NOT NULL,
    logged_at BIGINT NOT NULL,
    pain_during INTEGER NOT NULL CHECK (pain_during BETWEEN 0 AND 10),
    pain_after INTEGER NOT NULL CHECK (pain_after BETWEEN 0 AND 10),
    note TEXT
);
CREATE INDEX training_sessions_patient_date ON training_sessions (patient_id, session_date);

CREATE TABLE training_sets (
    session_id BYTEA NOT NULL REFERENCES training_sessions (id),
    patient_id BYTEA NOT NULL REFERENCES patients (user_id),
    exercise TEXT NOT NULL,
    set_number INTEGER NOT NULL,
    reps INTEGER,
    load_kg DOUBLE PRECISION,
    hold_seconds INTEGER,
    PRIMARY KEY (session_id, exercise, set_number)
);
CREATE INDEX training_sets_patient ON training_sets (patient_id);

CREATE TABLE checkins (
    id BYTEA PRIMARY KEY NOT NULL,
    patient_id BYTEA NOT NULL REFERENCES patients (user_id),
    clinic_id BYTEA NOT NULL REFERENCES clinics (id),
    session_date TEXT NOT NULL,
    answered_at BIGINT NOT NULL,
    pain INTEGER NOT NULL CHECK (pain BETWEEN 0 AND 10),
    decision TEXT NOT NULL CHECK (decision IN ('progress', 'hold', 'regress')),
    reasons TEXT NOT NULL,
    plan_version_id BYTEA REFERENCES plan_versions (id),
    UNIQUE (patient_id, session_date)
);

CREATE TABLE questionnaire_responses (
    id BYTEA PRIMARY KEY NOT NULL,
    patient_id BYTEA NOT NULL REFERENCES patients (user_id),
    clinic_id BYTEA NOT NULL REFERENCES clinics (id),
    questionnaire TEXT NOT NULL CHECK (questionnaire IN ('visa-a', 'visa-h')),
    taken_at BIGINT NOT NULL,
    taken_on TEXT NOT NULL,
    answers TEXT NOT NULL,
    score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100)
);
CREATE INDEX questionnaire_responses_patient ON questionnaire_responses (patient_id, taken_at);

CREATE TABLE massage_gun_screenings (
    id BYTEA PRIMARY KEY NOT NULL,
    patient_id BYTEA NOT NULL REFERENCES patients (user_id),
    clinic_id BYTEA NOT NULL REFERENCES clinics (id),
    answered_at BIGINT NOT NULL,
    answers TEXT NOT NULL
);
CREATE INDEX massage_gun_screenings_patient ON massage_gun_screenings (patient_id, answered_at);

CREATE TABLE massage_gun_sessions (
    id BYTEA PRIMARY KEY NOT NULL,
    patient_id BYTEA NOT NULL REFERENCES patients (user_id),
    clinic_id BYTEA NOT NULL REFERENCES clinics (id),
    started_at BIGINT NOT NULL,
    logged_at BIGINT NOT NULL,
    ppm INTEGER,
    sites TEXT NOT NULL
);
CREATE INDEX massage_gun_sessions_patient ON massage_gun_sessions (patient_id, started_at);

CREATE TABLE running_weeks (
    patient_id BYTEA NOT NULL REFERENCES patients (user_id),
    clinic_id BYTEA NOT NULL REFERENCES clinics (id),
    week_start TEXT NOT NULL,
    distance_km DOUBLE PRECISION NOT NULL,
    hard_sessions INTEGER NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (patient_id, week_start)
);
