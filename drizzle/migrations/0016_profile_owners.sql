-- Browser profiles get an owner and a list of people allowed to use them, like credentials.
CREATE TABLE "browser_profile_users" (
	"profile_id" text NOT NULL,
	"user_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "browser_profile_users_profile_id_user_id_pk" PRIMARY KEY("profile_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "browser_profiles" ADD COLUMN "owner_id" text;--> statement-breakpoint
ALTER TABLE "browser_profile_users" ADD CONSTRAINT "browser_profile_users_profile_id_browser_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."browser_profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "browser_profile_users" ADD CONSTRAINT "browser_profile_users_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "browser_profile_users_user_idx" ON "browser_profile_users" USING btree ("user_id");--> statement-breakpoint
ALTER TABLE "browser_profiles" ADD CONSTRAINT "browser_profiles_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
-- Profiles made before this belong to the instance's first owner (else its first admin), so they keep working for them;
-- an instance nobody has signed up to yet hands them over when its first owner signs up (adoptOwnerless).
UPDATE "browser_profiles" SET "owner_id" = (SELECT "id" FROM "users" WHERE "role" IN ('owner', 'admin') ORDER BY "role" = 'owner' DESC, "created_at" LIMIT 1) WHERE "owner_id" IS NULL;
