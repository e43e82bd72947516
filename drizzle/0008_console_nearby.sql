-- The intake console's "already reported nearby?" look-up (modules/requests/nearby.service.ts).
-- A street key: the part of an address before the first comma, folded (lower case, no accents),
-- without house numbers (12, 12α), punctuation, single letters or the words for street/avenue/square, so that
-- "Λεωφ. Ικάρου 45", "ΛΕΩΦΟΡΟΣ ΙΚΑΡΟΥ 12, Ηράκλειο" and "Ικάρου" all read "ικαρου".
-- IMMUTABLE (it only calls dimotis_fold, itself pinned) so that it can be indexed.
CREATE OR REPLACE FUNCTION dimotis_street_key(address text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT nullif(string_agg(w, ' ' ORDER BY i), '')
    FROM regexp_split_to_table(public.dimotis_fold(split_part(coalesce(address, ''), ',', 1)), '[^a-zα-ω]+') WITH ORDINALITY AS x(w, i)
    WHERE length(w) > 1 AND w NOT IN ('οδοσ', 'οδου', 'οδ', 'λεωφοροσ', 'λεωφορου', 'λεωφ', 'πλατεια', 'πλατειασ', 'πλ', 'παροδοσ', 'παρ', 'στενο', 'odos', 'odou', 'leof', 'plateia') $$;
--> statement-breakpoint
-- Open requests of a category on one street, newest first (the console shows ten); and open requests
-- of a category in a box around a pin.
-- Both partial on open requests, the few a category has at any time even with millions closed.
CREATE INDEX IF NOT EXISTS requests_open_category_street ON requests (category_id, dimotis_street_key(address_text), created_at DESC) WHERE closed_at IS NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS requests_open_category_place ON requests (category_id, lat, lng) WHERE closed_at IS NULL AND lat IS NOT NULL;
