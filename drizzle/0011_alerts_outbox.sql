CREATE TABLE "request_escalations" (
	"request_id" uuid NOT NULL,
	"level" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "request_escalations_request_id_level_pk" PRIMARY KEY("request_id","level"),
	CONSTRAINT "request_escalations_level" CHECK ("request_escalations"."level" in ('head','supervisor'))
);
--> statement-breakpoint
CREATE TABLE "scheduled_jobs" (
	"name" text PRIMARY KEY NOT NULL,
	"next_run_at" timestamp with time zone NOT NULL,
	"locked_until" timestamp with time zone,
	"locked_by" text,
	"last_run_at" timestamp with time zone,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE "user_alert_preferences" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"urgent" boolean DEFAULT true NOT NULL,
	"assigned" boolean DEFAULT true NOT NULL,
	"digest" boolean DEFAULT true NOT NULL,
	"escalation" boolean DEFAULT true NOT NULL,
	"language" text DEFAULT 'el' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_alert_preferences_language" CHECK ("user_alert_preferences"."language" in ('el','en'))
);
--> statement-breakpoint
ALTER TABLE "notifications" ALTER COLUMN "request_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "audience" text DEFAULT 'citizen' NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "user_id" uuid;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "dedup_key" text;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "data" jsonb;--> statement-breakpoint
ALTER TABLE "request_escalations" ADD CONSTRAINT "request_escalations_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_alert_preferences" ADD CONSTRAINT "user_alert_preferences_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_dedup_key" ON "notifications" USING btree ("dedup_key");--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_audience" CHECK ("notifications"."audience" in ('citizen','staff'));--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_request_or_staff" CHECK ("notifications"."request_id" is not null or "notifications"."audience" = 'staff');--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_staff_dedup" CHECK ("notifications"."audience" = 'citizen' or "notifications"."dedup_key" is not null);