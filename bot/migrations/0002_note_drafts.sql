-- A note that looks like personal data waits here until its author confirms or rewrites it.
ALTER TABLE pending ADD COLUMN draft TEXT;
