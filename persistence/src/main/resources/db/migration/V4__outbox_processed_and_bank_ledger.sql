-- An outbox row stays in flight until its effect is committed: the worker sets processed_at in the same transaction
-- as the event's effect, and the relay publishes again rows published long ago but never processed (Redis lost
-- them). Rows published over a week ago are history: nothing will process them again.
ALTER TABLE outbox ADD COLUMN processed_at timestamptz;
UPDATE outbox SET processed_at = published_at WHERE published_at < now() - interval '7 days';
DROP INDEX outbox_unpublished_idx;
CREATE INDEX outbox_unpublished_idx ON outbox (id) WHERE published_at IS NULL AND processed_at IS NULL;
CREATE INDEX outbox_in_flight_idx ON outbox (published_at) WHERE processed_at IS NULL;

-- The simulated bank's own ledger, in its own schema: like a real bank, it does not forget a charge because our
-- Redis restarted. One row per transaction id; a repeat of a charge answers as the first one did.
CREATE SCHEMA bank;
CREATE TABLE bank.transfers (
    transaction_id varchar(64)   PRIMARY KEY,
    amount         numeric(14,2),
    status         varchar(16)   NOT NULL CHECK (status IN ('approved', 'declined')),
    reason         text,
    created_at     timestamptz   NOT NULL DEFAULT now()
);
