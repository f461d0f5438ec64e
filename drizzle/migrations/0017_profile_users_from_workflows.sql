-- An upgrade must not stop workflows that use a profile today: the owner of each workflow whose
-- current version picks a profile may go on using it (listed under "Who may use"). New choices
-- are checked from now on (server/auth/profile-access.ts).
INSERT INTO "browser_profile_users" ("profile_id", "user_id")
SELECT DISTINCT p."id", w."owner_id"
FROM "workflows" w
JOIN "workflow_versions" v ON v."workflow_id" = w."id" AND v."version" = w."current_version"
CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(v."document"->'nodes') = 'array' THEN v."document"->'nodes' ELSE '[]'::jsonb END) n
JOIN "browser_profiles" p ON p."id" = n->'config'->>'profileId'
WHERE w."owner_id" IS NOT NULL AND w."owner_id" IS DISTINCT FROM p."owner_id"
ON CONFLICT DO NOTHING;
