CREATE TABLE "tracking_failures" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"protocol" text NOT NULL,
	"ip" "inet",
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "tracking_failures_protocol" ON "tracking_failures" USING btree ("protocol","at");--> statement-breakpoint
CREATE INDEX "tracking_failures_ip" ON "tracking_failures" USING btree ("ip","at");