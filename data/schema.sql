-- GENERATED from data/schema.py by `python -m data.schema`: do not edit by hand.
-- The canonical warehouse of docs/contract.md section 1, plus the bookkeeping
-- tables the loading core keeps. Run by data.warehouse.create_schema.
-- Foreign keys (customer_id must exist in customers) are checked by the loading
-- core, not declared: DuckDB forbids replacing a parent table that has children.

-- One row per customer / account.
CREATE TABLE IF NOT EXISTS customers (
    customer_id   VARCHAR PRIMARY KEY,
    customer_name VARCHAR,
    region        VARCHAR,
    segment       VARCHAR,
    signup_date   DATE,
    churn_date    DATE,
    churn_reason  VARCHAR
);

-- One row per order; amount is the revenue of the order (>= 0).
CREATE TABLE IF NOT EXISTS orders (
    order_id    VARCHAR PRIMARY KEY,
    customer_id VARCHAR NOT NULL,
    order_date  DATE NOT NULL,
    amount      DOUBLE NOT NULL CHECK (amount >= 0),
    margin      DOUBLE
);

-- One row per complaint; level is 'frontline' or 'escalated'.
CREATE TABLE IF NOT EXISTS complaints (
    complaint_id      VARCHAR PRIMARY KEY,
    customer_id       VARCHAR NOT NULL,
    opened_at         TIMESTAMP NOT NULL,
    level             VARCHAR NOT NULL CHECK (level IN ('frontline', 'escalated')),
    channel           VARCHAR,
    category          VARCHAR,
    first_response_at TIMESTAMP CHECK (first_response_at >= opened_at),
    resolved_at       TIMESTAMP CHECK (resolved_at >= opened_at)
);

-- One row per survey response; satisfaction 1..5, effort_score 1..7.
CREATE TABLE IF NOT EXISTS surveys (
    response_id  VARCHAR PRIMARY KEY,
    customer_id  VARCHAR NOT NULL,
    responded_at TIMESTAMP NOT NULL,
    satisfaction INTEGER NOT NULL CHECK (satisfaction BETWEEN 1 AND 5),
    had_problem  BOOLEAN,
    complained   BOOLEAN,
    effort_score INTEGER CHECK (effort_score BETWEEN 1 AND 7)
);

-- One row per service contact (call, e-mail, chat, visit).
CREATE TABLE IF NOT EXISTS contacts (
    contact_id   VARCHAR PRIMARY KEY,
    customer_id  VARCHAR NOT NULL,
    contacted_at TIMESTAMP NOT NULL,
    channel      VARCHAR NOT NULL,
    reason       VARCHAR,
    complaint_id VARCHAR
);

-- One row per load into a canonical table; load_id is the next number (data.warehouse.record_load),
-- kept across restores: a restore copies the rows of the loads it undoes, marked undone.
CREATE TABLE IF NOT EXISTS load_log (
    load_id     BIGINT PRIMARY KEY,
    table_name  VARCHAR NOT NULL,
    file_name   VARCHAR NOT NULL,
    file_hash   VARCHAR NOT NULL,
    rows        BIGINT NOT NULL,
    mode        VARCHAR NOT NULL CHECK (mode IN ('append', 'upsert', 'replace', 'demo')),
    loaded_at   TIMESTAMP NOT NULL DEFAULT current_timestamp,
    loaded_by   VARCHAR NOT NULL,
    undone      BOOLEAN NOT NULL DEFAULT false
);

-- Derived: customer_facts (customers with their order facts) is created and rebuilt
-- by every load from data/facts.sql (data/facts.py), so it is not declared here.

-- Key/value facts about the warehouse; 'data_version' is bumped by every load, undo and restore;
-- 'facts_version' stamps customer_facts; 'base_snapshot' is the snapshot a change started from.
CREATE TABLE IF NOT EXISTS warehouse_meta (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);
INSERT INTO warehouse_meta VALUES ('data_version', '0') ON CONFLICT DO NOTHING;

-- Named column mappings analysts saved on the upload page, offered again next time.
-- `mapping` is the JSON of data.loading.mapping.Mapping (source -> canonical, value maps, date format).
CREATE TABLE IF NOT EXISTS mapping_preset (
    name       VARCHAR NOT NULL,
    table_name VARCHAR NOT NULL,
    mapping    VARCHAR NOT NULL,
    saved_at   TIMESTAMP NOT NULL DEFAULT current_timestamp,
    saved_by   VARCHAR NOT NULL,
    PRIMARY KEY (table_name, name)
);

-- Restore points (data/warehouse.py): the snapshot file each load started from. Restoring to
-- before a load makes a copy of that snapshot current; only the last N are kept on disk.
CREATE TABLE IF NOT EXISTS restore_point (load_id BIGINT PRIMARY KEY, snapshot VARCHAR NOT NULL);
