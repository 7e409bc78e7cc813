-- Consultation rooms and recordings (GitHub issue 14): scheduled consultations and how their invites
-- were sent, per-session recordings (per-track files mixed into one playback file) with retention,
-- an audit trail of what admins delete, and keyword trackers with their hits.

ALTER TABLE "sessions" ADD COLUMN "scheduled_at" TIMESTAMP(3),
ADD COLUMN "recording_enabled" BOOLEAN NOT NULL DEFAULT true;

CREATE INDEX "sessions_scheduled_at_idx" ON "sessions"("scheduled_at");

CREATE TYPE "RecordingStatus" AS ENUM ('recording', 'mixing', 'ready', 'failed');

CREATE TABLE "recordings" (
    "id" TEXT NOT NULL,
    "session_id" TEXT NOT NULL,
    "status" "RecordingStatus" NOT NULL DEFAULT 'recording',
    "storage_key" TEXT,
    "mime_type" TEXT,
    "bytes" BIGINT,
    "duration_ms" INTEGER,
    "tracks" JSONB NOT NULL DEFAULT '[]',
    "error" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ready_at" TIMESTAMP(3),
    "expires_at" TIMESTAMP(3),

    CONSTRAINT "recordings_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "recordings_session_id_key" ON "recordings"("session_id");
CREATE INDEX "recordings_expires_at_idx" ON "recordings"("expires_at");
ALTER TABLE "recordings" ADD CONSTRAINT "recordings_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "audit_events" (
    "id" TEXT NOT NULL,
    "actor_id" TEXT,
    "action" TEXT NOT NULL,
    "subject_type" TEXT NOT NULL,
    "subject_id" TEXT NOT NULL,
    "data" JSONB,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "audit_events_subject_type_subject_id_idx" ON "audit_events"("subject_type", "subject_id");
CREATE INDEX "audit_events_created_at_idx" ON "audit_events"("created_at");
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "admin_users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

CREATE TABLE "invite_deliveries" (
    "id" TEXT NOT NULL,
    "session_id" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "error" TEXT,
    "provider_id" TEXT,
    "sent_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "invite_deliveries_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "invite_deliveries_session_id_idx" ON "invite_deliveries"("session_id");
ALTER TABLE "invite_deliveries" ADD CONSTRAINT "invite_deliveries_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "trackers" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "phrases" TEXT[],
    "client_only" BOOLEAN NOT NULL DEFAULT false,
    "notify" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "trackers_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "trackers_name_key" ON "trackers"("name");

CREATE TABLE "tracker_hits" (
    "id" TEXT NOT NULL,
    "tracker_id" TEXT NOT NULL,
    "session_id" TEXT NOT NULL,
    "segment_id" TEXT NOT NULL,
    "phrase" TEXT NOT NULL,
    "speaker_identity" TEXT NOT NULL,
    "at_ms" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tracker_hits_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "tracker_hits_segment_id_tracker_id_at_ms_key" ON "tracker_hits"("segment_id", "tracker_id", "at_ms");
CREATE INDEX "tracker_hits_session_id_idx" ON "tracker_hits"("session_id");
CREATE INDEX "tracker_hits_tracker_id_idx" ON "tracker_hits"("tracker_id");
ALTER TABLE "tracker_hits" ADD CONSTRAINT "tracker_hits_tracker_id_fkey" FOREIGN KEY ("tracker_id") REFERENCES "trackers"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "tracker_hits" ADD CONSTRAINT "tracker_hits_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;
