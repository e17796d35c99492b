-- Where a clinic receives patients for appointments in person (massage), shown with a map link.
ALTER TABLE clinics ADD COLUMN address TEXT;
