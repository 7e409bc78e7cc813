-- Live transcription: word timestamps on final segments, transcriber heartbeat and gaps on sessions,
-- custom vocabulary for Whisper's initial prompt.

ALTER TABLE "transcript_segments" ADD COLUMN "words" JSONB;

ALTER TABLE "sessions" ADD COLUMN "transcriber_seen_at" TIMESTAMP(3);

CREATE TABLE "transcription_gaps" (
    "id" TEXT NOT NULL,
    "session_id" TEXT NOT NULL,
    "from_ms" INTEGER NOT NULL,
    "to_ms" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "transcription_gaps_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "transcription_gaps_session_id_idx" ON "transcription_gaps"("session_id");
ALTER TABLE "transcription_gaps" ADD CONSTRAINT "transcription_gaps_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "vocabulary_terms" (
    "id" TEXT NOT NULL,
    "term" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "vocabulary_terms_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "vocabulary_terms_term_key" ON "vocabulary_terms"("term");
