-- The dashboard's cookie held the API key itself: sign-out could not revoke
-- it and any copy of the cookie was the key. A sign-in now makes a session
-- row: the cookie holds a random id, only its SHA-256 is stored here, and the
-- session expires, or ends at sign-out (revoked_at), or with its key.
-- (No semicolons in these comments: the migration runner splits statements
-- on them.)
CREATE TABLE "dashboard_session" (
    "id" UUID NOT NULL,
    "token_hash" TEXT NOT NULL,
    "api_key_id" UUID NOT NULL,
    "csrf_token" TEXT NOT NULL,
    "client_address" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "revoked_at" TIMESTAMP(3),

    CONSTRAINT "dashboard_session_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "dashboard_session_token_hash_key" ON "dashboard_session"("token_hash");
CREATE INDEX "dashboard_session_api_key_id_idx" ON "dashboard_session"("api_key_id");
CREATE INDEX "dashboard_session_expires_at_idx" ON "dashboard_session"("expires_at");

ALTER TABLE "dashboard_session" ADD CONSTRAINT "dashboard_session_api_key_id_fkey" FOREIGN KEY ("api_key_id") REFERENCES "api_key"("id") ON DELETE CASCADE ON UPDATE CASCADE;
