-- Room admission (GitHub issue 10): bounded and revocable consultation invites, participants tied to
-- the admin behind each connection (every admin tab has its own LiveKit identity), and the LiveKit
-- webhook events already processed (a replayed event is answered without acting on it).

ALTER TABLE "sessions" ADD COLUMN "invite_max_uses" INTEGER;
ALTER TABLE "sessions" ADD COLUMN "invite_uses" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "sessions" ADD COLUMN "invite_expires_at" TIMESTAMP(3);
ALTER TABLE "sessions" ADD COLUMN "invite_revoked_at" TIMESTAMP(3);

ALTER TABLE "participants" ADD COLUMN "admin_id" TEXT;

CREATE TABLE "webhook_events" (
    "id" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "received_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "webhook_events_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "webhook_events_received_at_idx" ON "webhook_events"("received_at");
