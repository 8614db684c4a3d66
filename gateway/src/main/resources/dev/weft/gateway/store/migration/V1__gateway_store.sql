-- The gateway's durable store: task list (S0.1), result list (S0.11), event
-- checkpoints (S0.3) and dead letters. Runs on SQLite and PostgreSQL alike;
-- ${binary} and ${identity} are set per database. Times are epoch milliseconds.

CREATE TABLE task_list (
    task_id           TEXT    NOT NULL,
    subtask_id        TEXT    NOT NULL,
    attempt           INTEGER NOT NULL,
    operation         TEXT    NOT NULL,
    parameters_json   TEXT    NOT NULL,
    inputs_json       TEXT    NOT NULL,
    participants_json TEXT    NOT NULL,
    send_mode         TEXT    NOT NULL,
    state             TEXT    NOT NULL,
    engine            TEXT,
    unit              TEXT,
    block_number      BIGINT  NOT NULL,
    created_at        BIGINT  NOT NULL,
    updated_at        BIGINT  NOT NULL,
    PRIMARY KEY (task_id, subtask_id, attempt)
);

CREATE INDEX task_list_order ON task_list (block_number, created_at);

CREATE TABLE result_list (
    task_id         TEXT      NOT NULL,
    subtask_id      TEXT      NOT NULL,
    attempt         INTEGER   NOT NULL,
    digest          TEXT      NOT NULL,
    result_value    ${binary} NOT NULL,
    unit            TEXT,
    created_at      BIGINT    NOT NULL,
    submitted_tx_id TEXT,
    PRIMARY KEY (task_id, subtask_id, attempt)
);

CREATE TABLE event_checkpoint (
    stream         TEXT   NOT NULL PRIMARY KEY,
    block_number   BIGINT NOT NULL,
    transaction_id TEXT,
    updated_at     BIGINT NOT NULL
);

CREATE TABLE dead_letter (
    id             ${identity},
    block_number   BIGINT    NOT NULL,
    transaction_id TEXT      NOT NULL,
    event_name     TEXT      NOT NULL,
    payload        ${binary} NOT NULL,
    error          TEXT      NOT NULL,
    attempts       INTEGER   NOT NULL,
    created_at     BIGINT    NOT NULL
);
