-- Call analysis write-back: grounded analysis details, hand-edit protection and an audit trail on
-- contacts, idempotent notes/tasks from analysis, stored notifications (an outbox published over
-- LiveKit data) and live suggestions.

ALTER TABLE "analyses" ADD COLUMN "sentiment_reason" TEXT;

ALTER TABLE "contacts" ADD COLUMN "budget_cents" INTEGER;
ALTER TABLE "contacts" ADD COLUMN "manual_fields" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];

ALTER TABLE "tasks" ADD COLUMN "owner" TEXT NOT NULL DEFAULT 'admin';

CREATE TABLE "contact_changes" (
    "id" TEXT NOT NULL,
    "contact_id" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "old_value" JSONB,
    "new_value" JSONB,
    "source" TEXT NOT NULL,
    "applied" BOOLEAN NOT NULL DEFAULT true,
    "reason" TEXT,
    "session_id" TEXT,
    "actor_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "contact_changes_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "contact_changes_contact_id_created_at_idx" ON "contact_changes"("contact_id", "created_at");
ALTER TABLE "contact_changes" ADD CONSTRAINT "contact_changes_contact_id_fkey" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "notifications" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT,
    "data" JSONB,
    "contact_id" TEXT,
    "session_id" TEXT,
    "dedupe_key" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMP(3),
    "read_at" TIMESTAMP(3),
    CONSTRAINT "notifications_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "notifications_dedupe_key_key" ON "notifications"("dedupe_key");
CREATE INDEX "notifications_created_at_idx" ON "notifications"("created_at");

CREATE TABLE "session_suggestions" (
    "id" TEXT NOT NULL,
    "session_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "quote" TEXT,
    "at_ms" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "session_suggestions_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "session_suggestions_session_id_kind_key" ON "session_suggestions"("session_id", "kind");
ALTER TABLE "session_suggestions" ADD CONSTRAINT "session_suggestions_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;
