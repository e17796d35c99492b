-- A count of the changes to each clinic's booked appointments (issue 17, the slot search): a
-- booking, a cancellation or a patient's erasure raises it in the same change. The booked times
-- of a window read at one count are the same at that count, so a server may keep them and
-- serve them again while the clinic's count has not moved.
ALTER TABLE clinics ADD COLUMN appointments_revision BIGINT NOT NULL DEFAULT 0;
