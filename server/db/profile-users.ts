/**
 * Who owns a browser profile and who else may use it ("Who may use"), as for credentials in
 * sharing.ts. The rules that read these rows live in server/auth/profile-access.ts.
 */
import type { Sql } from 'postgres';
import type { Person } from './sharing';

/** The profile's owner id (null: the instance's), its name, and whether the user is listed, or null if it doesn't exist. */
export async function profileAccessRow(
  sql: Sql,
  profileId: string,
  userId: string,
): Promise<{ ownerId: string | null; name: string; listed: boolean } | null> {
  const [row] = await sql`
    select p.owner_id, p.name,
      exists(select 1 from browser_profile_users u where u.profile_id = p.id and u.user_id = ${userId}) as listed
    from browser_profiles p where p.id = ${profileId}`;
  if (!row) return null;
  return { ownerId: row.owner_id === null ? null : String(row.owner_id), name: String(row.name), listed: Boolean(row.listed) };
}

/** Ids of profiles the user owns or is listed to use. */
export async function usableProfileIds(sql: Sql, userId: string): Promise<Set<string>> {
  const rows = await sql`
    select id from browser_profiles where owner_id = ${userId}
    union select profile_id from browser_profile_users where user_id = ${userId}`;
  return new Set(rows.map((r) => String(r.id)));
}

/** Ids of profiles the user owns. */
export async function ownedProfileIds(sql: Sql, userId: string): Promise<Set<string>> {
  const rows = await sql`select id from browser_profiles where owner_id = ${userId}`;
  return new Set(rows.map((r) => String(r.id)));
}

/** Names of these profiles (those that exist), by id. */
export async function profileNames(sql: Sql, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await sql`select id, name from browser_profiles where id in ${sql(ids)}`;
  return new Map(rows.map((r) => [String(r.id), String(r.name)]));
}

/** The profile's owner (null: the instance's) and the people listed to use it, by name. */
export async function profileSharing(sql: Sql, profileId: string): Promise<{ owner: Person | null; allowed: Person[] }> {
  const [owner] = await sql`
    select u.id, u.name, u.email from browser_profiles p join users u on u.id = p.owner_id where p.id = ${profileId}`;
  const rows = await sql`
    select u.id, u.name, u.email from browser_profile_users g join users u on u.id = g.user_id
    where g.profile_id = ${profileId} order by lower(u.name), u.id`;
  return {
    owner: owner ? { userId: String(owner.id), name: String(owner.name), email: String(owner.email) } : null,
    allowed: rows.map((r) => ({ userId: String(r.id), name: String(r.name), email: String(r.email) })),
  };
}

/** Replaces the people listed to use the profile, in one transaction. */
export async function replaceProfileUsers(sql: Sql, profileId: string, userIds: string[]): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`delete from browser_profile_users where profile_id = ${profileId}`;
    for (const userId of new Set(userIds)) {
      await tx`insert into browser_profile_users (profile_id, user_id) values (${profileId}, ${userId})`;
    }
  });
}
