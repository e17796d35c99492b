-- Days a whole clinic is closed (public holidays, closures): no one can be booked on them.
CREATE TABLE clinic_closures (
    id BYTEA PRIMARY KEY NOT NULL,
    clinic_id BYTEA NOT NULL REFERENCES clinics (id),
    date TEXT NOT NULL,
    note TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (clinic_id, date)
);
