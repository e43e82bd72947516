-- Extensions and the text-folding function that search relies on.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
-- unaccent() is only STABLE (its dictionary could change); this wrapper pins the dictionary so the
-- result can be indexed. Lower-cases, strips Greek tonos/dialytika, and writes final ς as σ.
-- Greek capitals are lowered by translate(), not only lower(): a database created with the plain C
-- locale lowers ASCII only, and search must not depend on how the DBA created the database.
CREATE OR REPLACE FUNCTION dimotis_fold(t text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT translate(lower(public.unaccent('public.unaccent'::regdictionary, coalesce(t, ''))),
    'ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩς', 'αβγδεζηθικλμνξοπρστυφχψωσ') $$;
