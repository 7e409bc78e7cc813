-- The admin assistant (GitHub issue 12): conversations per admin, their messages, and the writes the
-- assistant proposed (run once, when the admin confirms). Assistant rooms name the admin they belong to.

CREATE TYPE "AssistantActionStatus" AS ENUM ('proposed', 'done', 'refused', 'failed');

ALTER TABLE "sessions" ADD COLUMN "owner_id" TEXT;

CREATE TABLE "assistant_conversations" (
    "id" TEXT NOT NULL,
    "admin_id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "assistant_conversations_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "assistant_conversations_admin_id_updated_at_idx" ON "assistant_conversations"("admin_id", "updated_at");

CREATE TABLE "assistant_messages" (
    "id" TEXT NOT NULL,
    "conversation_id" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "speech" TEXT,
    "items" JSONB NOT NULL DEFAULT '[]',
    "choices" JSONB NOT NULL DEFAULT '[]',
    "navigate" JSONB,
    "awaiting" JSONB,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "assistant_messages_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "assistant_messages_conversation_id_created_at_idx" ON "assistant_messages"("conversation_id", "created_at");

CREATE TABLE "assistant_actions" (
    "id" TEXT NOT NULL,
    "message_id" TEXT NOT NULL,
    "admin_id" TEXT NOT NULL,
    "tool" TEXT NOT NULL,
    "args" JSONB NOT NULL,
    "summary" TEXT NOT NULL,
    "status" "AssistantActionStatus" NOT NULL DEFAULT 'proposed',
    "result" JSONB,
    "error" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decided_at" TIMESTAMP(3),
    CONSTRAINT "assistant_actions_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "assistant_actions_message_id_idx" ON "assistant_actions"("message_id");
CREATE INDEX "assistant_actions_admin_id_status_idx" ON "assistant_actions"("admin_id", "status");

ALTER TABLE "assistant_conversations" ADD CONSTRAINT "assistant_conversations_admin_id_fkey" FOREIGN KEY ("admin_id") REFERENCES "admin_users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "assistant_messages" ADD CONSTRAINT "assistant_messages_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "assistant_conversations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "assistant_actions" ADD CONSTRAINT "assistant_actions_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "assistant_messages"("id") ON DELETE CASCADE ON UPDATE CASCADE;
