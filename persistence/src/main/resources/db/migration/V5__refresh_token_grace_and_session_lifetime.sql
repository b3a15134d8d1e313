-- Refresh tokens: the successor a spent token already got (a retry within the grace window answers with it), the
-- absolute end of the session (rotation never extends past it), and indexes for the pruning job.

ALTER TABLE refresh_tokens ADD COLUMN successor_hash char(64);
-- the default only serves processes of the previous release during a rolling deploy
ALTER TABLE refresh_tokens ADD COLUMN session_expires_at timestamptz NOT NULL DEFAULT (now() + interval '90 days');

-- existing sessions end 90 days after their login (the first token of the family)
UPDATE refresh_tokens t
SET session_expires_at = f.started + interval '90 days'
FROM (SELECT family_id, min(created_at) AS started FROM refresh_tokens GROUP BY family_id) f
WHERE t.family_id = f.family_id;

CREATE INDEX refresh_tokens_revoked_idx ON refresh_tokens (revoked_at) WHERE revoked_at IS NOT NULL;
CREATE INDEX refresh_tokens_spent_idx   ON refresh_tokens (spent_at)   WHERE spent_at IS NOT NULL;
