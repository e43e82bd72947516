CREATE TABLE "citizen_keys" (
	"key" text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
-- Every phone and e-mail on file has its key, whoever writes the citizen.
CREATE FUNCTION dimotis_citizen_keys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO citizen_keys (key)
  SELECT k FROM (VALUES (NEW.phone), (lower(NEW.email))) AS v(k) WHERE k IS NOT NULL
  ON CONFLICT DO NOTHING;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER citizens_keys AFTER INSERT OR UPDATE OF phone, email ON citizens
  FOR EACH ROW EXECUTE FUNCTION dimotis_citizen_keys();--> statement-breakpoint
INSERT INTO citizen_keys (key)
  SELECT phone FROM citizens WHERE phone IS NOT NULL
  UNION SELECT lower(email) FROM citizens WHERE email IS NOT NULL
  ON CONFLICT DO NOTHING;
