-- Events written in the same transaction as the change they announce; published to the Redis queue after commit,
-- or by the worker's relay when that did not happen (Redis down, the API died between commit and push).
CREATE TABLE outbox (
    id           bigserial   PRIMARY KEY,
    topic        varchar(64) NOT NULL,
    payload      jsonb       NOT NULL,
    traceparent  varchar(55),
    created_at   timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz
);
CREATE INDEX outbox_unpublished_idx ON outbox (created_at) WHERE published_at IS NULL;
