/** The one cookie-signing secret of the instance (table auth_secret), made at first use. */
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import * as schema from '../../drizzle/schema';
import type { Db } from './workflows';

export async function authSecret(db: Db): Promise<string> {
  // Two processes starting at once both try; the first insert wins and both read it back.
  await db
    .insert(schema.authSecret)
    .values({ id: 1, secret: randomBytes(32).toString('base64url') })
    .onConflictDoNothing();
  const [row] = await db.select({ secret: schema.authSecret.secret }).from(schema.authSecret).where(eq(schema.authSecret.id, 1));
  return row.secret;
}
