-- Money that fits (GitHub issue 10): a budget said on a call ("$25,000,000") overflowed int4 cents,
-- which end at $21,474,836.47, and failed the call's analysis on every attempt. Budgets in cents are
-- BIGINT. What is written stays bounded (a call: at most $10,000,000; an admin: the same), far inside
-- what a JSON number holds exactly, which is how the API serves it.

ALTER TABLE "contacts" ALTER COLUMN "budget_cents" TYPE BIGINT;
