-- The keys a citizen holds in citizen_keys, in one order for every writer: the phone, the e-mail,
-- and each of them with the folded name. A second person on a phone or e-mail on file (a family
-- landline, a neighbour calling) is then a key of their own, claimed on the fast path of
-- registering a request like a first caller's phone. Sorted, so that writers claiming several
-- keys take them in the same order and cannot deadlock on them.
CREATE FUNCTION dimotis_citizen_keys_of(phone text, email text, full_name text) RETURNS SETOF text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT DISTINCT k FROM (VALUES (phone), (lower(email)),
      (phone || ' ' || nullif(dimotis_fold(btrim(full_name)), '')),
      (lower(email) || ' ' || nullif(dimotis_fold(btrim(full_name)), ''))) AS v(k)
    WHERE k IS NOT NULL ORDER BY k $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION dimotis_citizen_keys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO citizen_keys (key) SELECT k FROM dimotis_citizen_keys_of(NEW.phone, NEW.email, NEW.full_name) AS k
  ON CONFLICT DO NOTHING;
  RETURN NEW;
END
$$;
--> statement-breakpoint
DROP TRIGGER citizens_keys ON citizens;
--> statement-breakpoint
CREATE TRIGGER citizens_keys AFTER INSERT OR UPDATE OF phone, email, full_name ON citizens
  FOR EACH ROW EXECUTE FUNCTION dimotis_citizen_keys();
--> statement-breakpoint
INSERT INTO citizen_keys (key)
  SELECT k FROM citizens, dimotis_citizen_keys_of(phone, email, full_name) AS k
  ON CONFLICT DO NOTHING;
