-- Hone schema v2: the job runner. A worker holds a job through a lease it renews while training; a lease
-- past its time (crash, kill -9) lets another worker resume the job from its last checkpoint.
-- Fine-tuned models and checkpoints record where their weights are and how they are stored.
ALTER TABLE jobs ADD COLUMN lease_owner TEXT;
ALTER TABLE jobs ADD COLUMN lease_until INTEGER;
ALTER TABLE models ADD COLUMN base_model TEXT;
ALTER TABLE models ADD COLUMN weights_dir TEXT;
ALTER TABLE models ADD COLUMN weights_kind TEXT;
ALTER TABLE checkpoints ADD COLUMN weights_dir TEXT;
ALTER TABLE checkpoints ADD COLUMN weights_kind TEXT;
ALTER TABLE checkpoints ADD COLUMN base_model TEXT;
