-- A clinician's care team read from one index (issue 17): the caseload starts from the
-- clinician's rows of `care_team`, and checks on every request whether the caseload it keeps
-- still holds. The index on `clinician_id` alone sent each of its rows to the table for the
-- patient's id; this one holds it.
CREATE INDEX care_team_clinician_patient ON care_team (clinician_id, patient_id);
DROP INDEX care_team_clinician;
