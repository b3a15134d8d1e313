-- The privileges of the API and worker roles (docs/SECURITY.md, "Database roles"). Run by Migrations after every
-- migrate, as the owner role, in one transaction, so the grants always match the schema (a table a migration adds
-- gets the everyday privileges at once; a table recreated gets them back) and there is no moment without them.
-- Never DDL, never TRUNCATE, DELETE only where the app deletes, and the audit trail append-only.

REVOKE ALL ON ALL TABLES IN SCHEMA public, bank FROM ${apiRole}, ${workerRole};
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public, bank FROM ${apiRole}, ${workerRole};
REVOKE ALL ON SCHEMA public, bank FROM ${apiRole}, ${workerRole};

GRANT USAGE ON SCHEMA public, bank TO ${apiRole}, ${workerRole};

-- everyday rows: read, insert, update
GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO ${apiRole}, ${workerRole};
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO ${apiRole}, ${workerRole};
-- the migrations' own bookkeeping is the owner's alone
REVOKE ALL ON flyway_schema_history FROM ${apiRole}, ${workerRole};
-- only the worker's pruning job deletes, and only dead refresh tokens
GRANT DELETE ON refresh_tokens TO ${workerRole};
-- the simulated bank's ledger is written once per transfer, never changed
GRANT SELECT, INSERT ON bank.transfers TO ${apiRole}, ${workerRole};
-- the audit trail is append-only: read it, add to it, nothing else
REVOKE ALL ON audit_log FROM ${apiRole}, ${workerRole};
GRANT SELECT, INSERT ON audit_log TO ${apiRole}, ${workerRole};
