-- Hone schema v1: files, uploads, fine-tuning jobs with their events and checkpoints, fine-tuned models.
-- seq orders rows by insertion (newest first = seq DESC); ids are the public ones.
CREATE TABLE files (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    id         TEXT    NOT NULL UNIQUE,
    org        TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    bytes      INTEGER NOT NULL,
    filename   TEXT    NOT NULL,
    purpose    TEXT    NOT NULL,
    status     TEXT    NOT NULL,
    expires_at INTEGER
);
CREATE INDEX files_by_org ON files (org, seq);

CREATE TABLE uploads (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    id         TEXT    NOT NULL UNIQUE,
    org        TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    filename   TEXT    NOT NULL,
    purpose    TEXT    NOT NULL,
    bytes      INTEGER NOT NULL,
    mime_type  TEXT    NOT NULL,
    status     TEXT    NOT NULL,
    file_id    TEXT,
    -- expires_after[seconds] for the file the upload becomes, or NULL
    file_ttl   INTEGER
);

CREATE TABLE upload_parts (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    id         TEXT    NOT NULL UNIQUE,
    upload_id  TEXT    NOT NULL REFERENCES uploads (id),
    created_at INTEGER NOT NULL,
    bytes      INTEGER NOT NULL
);

CREATE TABLE jobs (
    seq              INTEGER PRIMARY KEY AUTOINCREMENT,
    id               TEXT    NOT NULL UNIQUE,
    org              TEXT    NOT NULL,
    created_at       INTEGER NOT NULL,
    model            TEXT    NOT NULL,
    status           TEXT    NOT NULL,
    training_file    TEXT    NOT NULL,
    validation_file  TEXT,
    seed             INTEGER NOT NULL,
    suffix           TEXT,
    method           TEXT    NOT NULL,
    integrations     TEXT    NOT NULL,
    metadata         TEXT,
    error            TEXT,
    fine_tuned_model TEXT,
    finished_at      INTEGER,
    trained_tokens   INTEGER,
    result_files     TEXT    NOT NULL,
    estimated_finish INTEGER
);
CREATE INDEX jobs_by_org ON jobs (org, seq);
CREATE INDEX jobs_by_status ON jobs (status, seq);

CREATE TABLE job_events (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    id         TEXT    NOT NULL UNIQUE,
    job_id     TEXT    NOT NULL REFERENCES jobs (id),
    created_at INTEGER NOT NULL,
    level      TEXT    NOT NULL,
    type       TEXT    NOT NULL,
    message    TEXT    NOT NULL,
    data       TEXT
);
CREATE INDEX job_events_by_job ON job_events (job_id, seq);

CREATE TABLE checkpoints (
    seq                         INTEGER PRIMARY KEY AUTOINCREMENT,
    id                          TEXT    NOT NULL UNIQUE,
    job_id                      TEXT    NOT NULL REFERENCES jobs (id),
    created_at                  INTEGER NOT NULL,
    step_number                 INTEGER NOT NULL,
    fine_tuned_model_checkpoint TEXT    NOT NULL,
    metrics                     TEXT    NOT NULL
);
CREATE INDEX checkpoints_by_job ON checkpoints (job_id, seq);

CREATE TABLE models (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    id         TEXT    NOT NULL UNIQUE,
    org        TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    job_id     TEXT    NOT NULL
);
