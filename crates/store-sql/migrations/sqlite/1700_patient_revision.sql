-- A count of the changes to each patient's care data (issue 17, point 3): every write of a
-- patient's care takes the patient's lock, and taking it raises the count. A view computed
-- from the patient's data at one count is the same view at that count, so it can be tagged
-- with it (an HTTP `ETag`) and a client holding the tag is answered `304 Not Modified`.
ALTER TABLE patients ADD COLUMN revision BIGINT NOT NULL DEFAULT 0;
