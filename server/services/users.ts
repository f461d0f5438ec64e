/** People as the routers read them (the Users page's audit names the person changed). */
import { findUser } from '../db/users';
import type { Db } from '../db/workflows';

export const userById = (db: Db, id: string) => findUser(db, id);
