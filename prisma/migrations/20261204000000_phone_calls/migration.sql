-- Phone calls (GitHub issue 13): a call session remembers the number, direction and route of a phone
-- call, who answered it, whether it was missed, and why a call that bypassed Booth has no transcript.

CREATE TYPE "CallDirection" AS ENUM ('inbound', 'outbound');
CREATE TYPE "PhoneVia" AS ENUM ('twilio', 'sip');

ALTER TABLE "sessions" ADD COLUMN "phone_number" TEXT,
ADD COLUMN "call_direction" "CallDirection",
ADD COLUMN "phone_via" "PhoneVia",
ADD COLUMN "call_sid" TEXT,
ADD COLUMN "answered_by_id" TEXT,
ADD COLUMN "answered_at" TIMESTAMP(3),
ADD COLUMN "missed" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN "untranscribed_reason" TEXT;

CREATE UNIQUE INDEX "sessions_call_sid_key" ON "sessions"("call_sid");

ALTER TABLE "sessions" ADD CONSTRAINT "sessions_answered_by_id_fkey" FOREIGN KEY ("answered_by_id") REFERENCES "admin_users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
