-- Booking: appointment types, clinician profiles and hours, rooms and tables, appointments,
-- series, reminders and calendar feeds. Moments are microseconds since 1970 UTC; local times
-- are 'HH:MM:SS' text in the clinician's zone (users.time_zone); dates are ISO text.

CREATE TABLE appointment_types (
    id BYTEA PRIMARY KEY NOT NULL,
    clinic_id BYTEA NOT NULL REFERENCES clinics (id),
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    duration_minutes BIGINT NOT NULL,
    price_minor BIGINT NOT NULL,
    currency TEXT NOT NULL,
    buffer_before_minutes BIGINT NOT NULL,
    buffer_after_minutes BIGINT NOT NULL,
    profession TEXT,
    clinicians TEXT NOT NULL,
    resource_kind TEXT,
    active BIGINT NOT NULL
);
CREATE INDEX appointment_types_clinic ON appointment_types (clinic_id);

CREATE TABLE resources (
    id BYTEA PRIMARY KEY NOT NULL,
    clinic_id BYTEA NOT NULL REFERENCES clinics (id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    active BIGINT NOT NULL
);
CREATE INDEX resources_clinic ON resources (clinic_id);

CREATE TABLE clinician_profiles (
    user_id BYTEA PRIMARY KEY NOT NULL REFERENCES users (id),
    qualifications TEXT NOT NULL DEFAULT '',
    specialties TEXT NOT NULL DEFAULT '',
    bio TEXT NOT NULL DEFAULT '',
    listed BIGINT NOT NULL DEFAULT 1,
    photo_type TEXT,
    photo BYTEA,
    min_notice_minutes BIGINT NOT NULL DEFAULT 720,
    horizon_days BIGINT NOT NULL DEFAULT 90
);

CREATE TABLE weekly_hours (
    clinician_id BYTEA NOT NULL REFERENCES users (id),
    weekday BIGINT NOT NULL,
    start_time TEXT NOT NULL,
    end_time TEXT NOT NULL
);
CREATE INDEX weekly_hours_clinician ON weekly_hours (clinician_id);

CREATE TABLE schedule_exceptions (
    id BYTEA PRIMARY KEY NOT NULL,
    clinician_id BYTEA NOT NULL REFERENCES users (id),
    date TEXT NOT NULL,
    start_time TEXT NOT NULL,
    end_time TEXT NOT NULL,
    available BIGINT NOT NULL,
    note TEXT NOT NULL
);
CREATE INDEX schedule_exceptions_clinician_date ON schedule_exceptions (clinician_id, date);

-- One row per clinician and per resource: a booking locks the rows it needs, in id order,
-- before it checks for overlaps.
CREATE TABLE booking_locks (
    id BYTEA PRIMARY KEY NOT NULL,
    version BIGINT NOT NULL DEFAULT 0
);
-- The row every change of booking set-up (types, rooms, profiles, hours) takes first.
INSERT INTO booking_locks (id, version) VALUES ('\x00000000000000000000000000000000'::bytea, 0);

CREATE TABLE appointment_series (
    id BYTEA PRIMARY KEY NOT NULL,
    clinic_id BYTEA NOT NULL REFERENCES clinics (id),
    patient_id BYTEA NOT NULL REFERENCES users (id),
    every_weeks BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE appointments (
    id BYTEA PRIMARY KEY NOT NULL,
    clinic_id BYTEA NOT NULL REFERENCES clinics (id),
    patient_id BYTEA NOT NULL REFERENCES users (id),
    clinician_id BYTEA NOT NULL REFERENCES users (id),
    type_id BYTEA NOT NULL REFERENCES appointment_types (id),
    resource_id BYTEA REFERENCES resources (id),
    series_id BYTEA REFERENCES appointment_series (id),
    start_at BIGINT NOT NULL,
    end_at BIGINT NOT NULL,
    busy_start BIGINT NOT NULL,
    busy_end BIGINT NOT NULL,
    buffer_before_minutes BIGINT NOT NULL,
    buffer_after_minutes BIGINT NOT NULL,
    status TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    created_by BYTEA NOT NULL,
    cancelled_at BIGINT,
    cancelled_by BYTEA
);
CREATE INDEX appointments_clinician_start ON appointments (clinician_id, start_at);
CREATE INDEX appointments_resource_start ON appointments (resource_id, start_at);
CREATE INDEX appointments_clinic_start ON appointments (clinic_id, busy_start);
CREATE INDEX appointments_patient ON appointments (patient_id, start_at);
CREATE INDEX appointments_series ON appointments (series_id);

CREATE TABLE appointment_reminders (
    appointment_id BYTEA NOT NULL REFERENCES appointments (id),
    patient_id BYTEA NOT NULL REFERENCES users (id),
    mail_id BYTEA NOT NULL
);
CREATE INDEX appointment_reminders_appointment ON appointment_reminders (appointment_id);
CREATE INDEX appointment_reminders_patient ON appointment_reminders (patient_id);

CREATE TABLE calendar_feeds (
    user_id BYTEA PRIMARY KEY NOT NULL REFERENCES users (id),
    token_hash BYTEA NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);
