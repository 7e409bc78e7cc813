-- The consultation view's actions (GitHub issue 14): live suggestions carry the detail they are about
-- (the date, venue, guest count or budget the client mentioned) so a card can check the date or add it
-- to the contact; a contract can be sent for signature: a link (only its code's hash is stored) the
-- client signs by typing their name.

ALTER TABLE "session_suggestions" ADD COLUMN "detail" JSONB;

ALTER TABLE "contracts" ADD COLUMN "sign_hash" TEXT,
ADD COLUMN "sent_at" TIMESTAMP(3),
ADD COLUMN "signed_name" TEXT;

CREATE UNIQUE INDEX "contracts_sign_hash_key" ON "contracts"("sign_hash");
