-- The append-only audit trail (docs/SECURITY.md, "Audit trail"): every use of power and every security decision.
-- The app's roles may only INSERT and SELECT (db/grants.sql); the trigger below refuses UPDATE, DELETE and TRUNCATE
-- to everyone else too, the owner included, unless a superuser disables it on purpose.
CREATE TABLE audit_log (
    id           bigserial    PRIMARY KEY,
    at           timestamptz  NOT NULL,
    actor        varchar(100) NOT NULL,          -- a user id, cli:<os user>, anonymous or system
    action       varchar(64)  NOT NULL,
    target       varchar(200),
    client_ip    varchar(64),
    request_id   varchar(128),
    outcome      varchar(10)  NOT NULL CHECK (outcome IN ('success', 'refused')),
    detail       varchar(500),
    -- aggregated refusals: one row per action, target and client IP in each window starting here
    window_start timestamptz
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC);
CREATE INDEX audit_log_actor_idx ON audit_log (actor, at DESC);
CREATE INDEX audit_log_action_idx ON audit_log (action, at DESC);
CREATE UNIQUE INDEX audit_log_window_key ON audit_log (action, target, client_ip, window_start)
    NULLS NOT DISTINCT WHERE window_start IS NOT NULL;

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
