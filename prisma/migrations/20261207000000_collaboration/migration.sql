-- Admins working together (GitHub issue 15): a collaboration room's shared assistant conversation
-- (every admin in the room adds turns; each user message names its author), notes pads several admins
-- edit at once (Yjs documents, per room or per contact, with each change and its author), colleagues
-- listening in on a call hidden from the client, and invitations addressed to one admin.

ALTER TABLE "assistant_conversations" ADD COLUMN "session_id" TEXT;
CREATE UNIQUE INDEX "assistant_conversations_session_id_key" ON "assistant_conversations"("session_id");
ALTER TABLE "assistant_conversations" ADD CONSTRAINT "assistant_conversations_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "assistant_messages" ADD COLUMN "author_id" TEXT;
ALTER TABLE "assistant_messages" ADD CONSTRAINT "assistant_messages_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "admin_users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

ALTER TABLE "participants" ADD COLUMN "listen_only" BOOLEAN NOT NULL DEFAULT false;

ALTER TABLE "notifications" ADD COLUMN "recipient_id" TEXT;

CREATE TABLE "shared_pads" (
    "id" TEXT NOT NULL,
    "session_id" TEXT,
    "contact_id" TEXT,
    "state" BYTEA NOT NULL,
    "text" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "shared_pads_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "shared_pads_session_id_key" ON "shared_pads"("session_id");
CREATE UNIQUE INDEX "shared_pads_contact_id_key" ON "shared_pads"("contact_id");
ALTER TABLE "shared_pads" ADD CONSTRAINT "shared_pads_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "shared_pads" ADD CONSTRAINT "shared_pads_contact_id_fkey" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "pad_changes" (
    "id" TEXT NOT NULL,
    "pad_id" TEXT NOT NULL,
    "author_id" TEXT,
    "update" BYTEA NOT NULL,
    "inserted" INTEGER NOT NULL DEFAULT 0,
    "deleted" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pad_changes_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "pad_changes_pad_id_created_at_idx" ON "pad_changes"("pad_id", "created_at");
ALTER TABLE "pad_changes" ADD CONSTRAINT "pad_changes_pad_id_fkey" FOREIGN KEY ("pad_id") REFERENCES "shared_pads"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "pad_changes" ADD CONSTRAINT "pad_changes_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "admin_users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
