-- Runs unchanged on H2 2.x and PostgreSQL 14+, as V1 does.

-- Who is applying a plan (a token per approve or resume) and when it last said it was still at it. A plan whose
-- heartbeat has stopped was left by a bot that is gone; a plan APPLYING from before this column has none, and is
-- judged by when it was approved or resumed.
ALTER TABLE plan ADD COLUMN held_by VARCHAR(64);
ALTER TABLE plan ADD COLUMN heartbeat_at TIMESTAMP(3) WITH TIME ZONE;
