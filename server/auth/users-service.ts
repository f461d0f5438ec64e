/**
 * What the Users page does (owner/admin): invite by link, change roles, deactivate and reactivate,
 * sign someone out everywhere. The rules that keep an instance manageable live here: there is
 * always an active owner, only an owner makes or changes owners, nobody locks themselves out.
 */
import { randomBytes } from 'node:crypto';
import { insertInvite, listOpenInvites, revokeInvite, type InviteRow } from '../db/invites';
import { endSessionsOf, findUser, findUserByEmail, listUsers, setUserActive, setUserRole, type UserRow } from '../db/users';
import type { AppContext } from '../context';
import { AccountError } from './accounts';
import type { Principal } from './principal';
import type { Role } from '../../core/roles';

export const INVITE_DAYS = 7;

export interface Invitation extends InviteRow {
  /** The link to hand over (shown once; only its hash is stored). */
  url: string;
}

function assertMayGrant(actor: Principal, role: Role): void {
  if (role === 'owner' && actor.role !== 'owner') throw new AccountError('Only an owner can make someone an owner.', 403);
}

export async function inviteUser(
  ctx: AppContext,
  actor: Principal,
  input: { email: string; role: Role },
  base: string,
): Promise<Invitation> {
  const email = input.email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new AccountError(`"${input.email}" is not an e-mail address.`);
  assertMayGrant(actor, input.role);
  if (await findUserByEmail(ctx.db, email)) throw new AccountError(`${email} already has an account.`, 409);
  const token = randomBytes(24).toString('base64url');
  const expiresAt = new Date(Date.now() + INVITE_DAYS * 24 * 3600 * 1000);
  const row = await insertInvite(ctx.db, { token, email, role: input.role, createdBy: actor.userId, expiresAt });
  return { ...row, url: `${base}/invite/${token}` };
}

export async function usersAndInvites(ctx: AppContext): Promise<{ users: UserRow[]; invites: InviteRow[] }> {
  const [users, invites] = await Promise.all([listUsers(ctx.db), listOpenInvites(ctx.db)]);
  return { users, invites };
}

async function target(ctx: AppContext, actor: Principal, userId: string): Promise<UserRow> {
  const user = await findUser(ctx.db, userId);
  if (!user) throw new AccountError('There is no such user (deleted?). Reload the page.', 400);
  if (user.role === 'owner' && actor.role !== 'owner') throw new AccountError('Only an owner can change an owner.', 403);
  return user;
}

async function assertAnotherOwner(ctx: AppContext, userId: string, what: string): Promise<void> {
  const owners = (await listUsers(ctx.db)).filter((u) => u.role === 'owner' && !u.deactivatedAt && u.id !== userId);
  if (owners.length === 0) throw new AccountError(`This is the only owner: make someone else owner before you ${what}.`, 409);
}

export async function changeRole(ctx: AppContext, actor: Principal, userId: string, role: Role): Promise<void> {
  const user = await target(ctx, actor, userId);
  assertMayGrant(actor, role);
  if (user.role === 'owner' && role !== 'owner') await assertAnotherOwner(ctx, userId, 'change this role');
  await setUserRole(ctx.db, userId, role);
}

export async function setActive(ctx: AppContext, actor: Principal, userId: string, active: boolean): Promise<void> {
  const user = await target(ctx, actor, userId);
  if (!active && user.id === actor.userId) throw new AccountError("You can't deactivate yourself.", 409);
  if (!active && user.role === 'owner') await assertAnotherOwner(ctx, userId, 'deactivate them');
  await setUserActive(ctx.db, userId, active);
}

/** Ends every session of the user (the actor's own included, when it is them). */
export async function signOutEverywhere(ctx: AppContext, actor: Principal, userId: string): Promise<number> {
  await target(ctx, actor, userId);
  return endSessionsOf(ctx.db, userId);
}

export async function cancelInvite(ctx: AppContext, inviteId: string): Promise<void> {
  await revokeInvite(ctx.db, inviteId);
}
