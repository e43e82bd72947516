-- The menu's counts are read with the inbox's one-click counts, from requests_open_triage (index-only):
-- one index less for every registration to write.
DROP INDEX "requests_open_counts";