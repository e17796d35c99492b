-- The plan version in force at a moment is the latest made by then: found through this index,
-- so that reading a patient's recent plan versions costs the same however many older ones
-- there are.
CREATE INDEX plan_versions_patient_created ON plan_versions (patient_id, created_at);
