-- What the patient has to train with (issue 14, point 4): the equipment the intake asked about,
-- as a JSON list such as ["step","weights"], kept on each plan version so that a version always
-- rebuilds the plan it showed. NULL when the intake never asked (older intakes): the plan then
-- uses the protocol's own exercises, as before.
ALTER TABLE plan_versions ADD COLUMN equipment TEXT;
