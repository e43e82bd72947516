-- Staff alerts queued by the database itself, in the statement that makes the change, so that every
-- path (the registration fast path, the locked path, forwarding, bulk) queues them in its own
-- transaction. Each alert row has a dedup_key: a repeated trigger queues nothing twice.

-- An urgent open request: its department's addresses (Administration) and its heads who want it.
CREATE OR REPLACE FUNCTION dimotis_alert_urgent() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO notifications (request_id, channel, event, recipient, audience, user_id, dedup_key, language)
  SELECT NEW.id, 'email', 'alert_urgent', x.recipient, 'staff', x.user_id,
         'urgent/' || NEW.id || '/' || NEW.department_id || '/' || lower(x.recipient), x.language
  FROM (
    SELECT unnest(d.emails) AS recipient, NULL::uuid AS user_id, 'el'::text AS language
    FROM departments d WHERE d.id = NEW.department_id
    UNION ALL
    SELECT u.email, u.id, coalesce(p.language, 'el')
    FROM users u
    JOIN user_departments ud ON ud.user_id = u.id AND ud.department_id = NEW.department_id
    LEFT JOIN user_alert_preferences p ON p.user_id = u.id
    WHERE u.role = 'department_head' AND u.active AND u.email IS NOT NULL AND coalesce(p.urgent, true)
  ) x
  WHERE x.recipient IS NOT NULL AND x.recipient <> ''
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER requests_alert_urgent AFTER INSERT ON requests
  FOR EACH ROW WHEN (NEW.priority = 'urgent' AND NEW.closed_at IS NULL) EXECUTE FUNCTION dimotis_alert_urgent();
--> statement-breakpoint
-- Made urgent later, or an urgent request forwarded: the (new) department hears of it at once.
CREATE TRIGGER requests_alert_urgent_change AFTER UPDATE OF priority, department_id ON requests
  FOR EACH ROW WHEN (NEW.priority = 'urgent' AND NEW.closed_at IS NULL
    AND (OLD.priority <> 'urgent' OR OLD.department_id IS DISTINCT FROM NEW.department_id))
  EXECUTE FUNCTION dimotis_alert_urgent();
--> statement-breakpoint
-- Assigned to someone (not taken by themselves): the assignee, if they want it.
CREATE OR REPLACE FUNCTION dimotis_alert_assigned() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO notifications (request_id, channel, event, recipient, audience, user_id, dedup_key, language, data)
  SELECT NEW.request_id, 'email', 'alert_assigned', u.email, 'staff', u.id, 'assigned/' || NEW.id,
         coalesce(p.language, 'el'), jsonb_build_object('eventId', NEW.id)
  FROM users u LEFT JOIN user_alert_preferences p ON p.user_id = u.id
  WHERE u.id = (NEW.data->>'toUserId')::uuid AND u.id IS DISTINCT FROM NEW.actor_id
    AND u.active AND u.email IS NOT NULL AND coalesce(p.assigned, true)
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER request_events_alert_assigned AFTER INSERT ON request_events
  FOR EACH ROW WHEN (NEW.kind = 'assignment' AND NEW.data->>'toUserId' IS NOT NULL) EXECUTE FUNCTION dimotis_alert_assigned();
--> statement-breakpoint
-- Live updates (modules/events): after any change to requests, one NOTIFY per department touched,
-- carrying ids only (the request's id when the statement touched one). Per statement, not per row,
-- so a bulk insert sends a handful, not a million. Delivered at commit, only if the change commits.
CREATE OR REPLACE FUNCTION dimotis_notify_requests() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM pg_notify('dimotis_requests', json_build_object('d', department_id, 'r', CASE WHEN n = 1 THEN id END)::text)
    FROM (SELECT department_id, count(*) AS n, min(id::text) AS id FROM new_rows GROUP BY department_id) x;
  ELSE
    PERFORM pg_notify('dimotis_requests', json_build_object('d', department_id, 'r', CASE WHEN n = 1 THEN id END)::text)
    FROM (SELECT department_id, count(*) AS n, min(id::text) AS id
          FROM (SELECT department_id, id FROM new_rows UNION SELECT department_id, id FROM old_rows) u
          GROUP BY department_id) x;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER requests_notify_insert AFTER INSERT ON requests
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dimotis_notify_requests();
--> statement-breakpoint
CREATE TRIGGER requests_notify_update AFTER UPDATE ON requests
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dimotis_notify_requests();
