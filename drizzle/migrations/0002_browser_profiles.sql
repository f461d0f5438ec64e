CREATE TABLE "browser_profiles" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"user_agent" text DEFAULT '' NOT NULL,
	"viewport_width" integer DEFAULT 1280 NOT NULL,
	"viewport_height" integer DEFAULT 720 NOT NULL,
	"locale" text DEFAULT '' NOT NULL,
	"timezone" text DEFAULT '' NOT NULL,
	"proxy_server" text DEFAULT '' NOT NULL,
	"proxy_user" text DEFAULT '' NOT NULL,
	"proxy_credential_id" text,
	"notes" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
