-- What a contract includes per dimension (AWS: the units bought in its accepted terms; Azure: the plan's seats), as
-- {"<dimension>": "<quantity>"}, so adoption can compare metered usage with it. NULL: the terms were never read.
ALTER TABLE "agreement" ADD COLUMN "included_quantities" JSONB;
