-- Why an appointment was cancelled, in the words of whoever cancelled it (at most 300
-- characters; required of staff, optional for patients). Empty for appointments cancelled
-- before reasons were kept and for the old half of a moved appointment.
ALTER TABLE appointments ADD COLUMN cancel_reason TEXT;
