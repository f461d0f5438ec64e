import { randomBytes } from 'node:crypto';
import { AccountError, createOwner, createUser } from '../../auth/accounts';
import { isRole, ROLES } from '../../../core/roles';
import { listUsers } from '../../db/users';
import { InputError, parseCommandArgs, type Command } from '../command';
import { formatAgo, formatTable, printResult } from '../output';
import { withSession, type Session } from '../session';

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

const USAGE = 'users list | users create --email E --name N [--role R] [--password P]';

async function list({ ctx }: Session): Promise<number> {
  const rows = await listUsers(ctx.db);
  if (rows.length === 0) {
    printResult(
      'Nobody has an account yet. Open TaskMaster to create the owner, or run: taskmaster users create --role owner --email … --name …',
    );
    return 0;
  }
  printResult(
    formatTable(
      ['ID', 'NAME', 'E-MAIL', 'ROLE', 'STATUS', 'CREATED'],
      rows.map((u) => [u.id, u.name, u.email, u.role, u.deactivatedAt ? 'deactivated' : 'active', formatAgo(u.createdAt)]),
    ),
  );
  return 0;
}

interface CreateValues {
  email?: string;
  name?: string;
  role?: string;
  password?: string;
}

async function create({ ctx, config }: Session, values: CreateValues): Promise<number> {
  const role = values.role ?? 'editor';
  if (!isRole(role)) throw new InputError(`--role must be one of: ${ROLES.join(', ')} (got "${role}").`);
  if (!values.email || !values.name) throw new InputError(`Give --email and --name.\nUsage: taskmaster ${USAGE}`);
  // Made up when not given, and shown once: nothing asks for a password on a terminal that may be a script.
  const password = values.password ?? randomBytes(12).toString('base64url');
  try {
    const input = { name: values.name, email: values.email, password };
    const options = { publicUrl: config.publicUrl };
    const user =
      role === 'owner'
        ? await createOwner(ctx, input, options)
        : { ...(await createUser(ctx, { ...input, role }, options)), adopted: null };
    printResult(`Created ${role} ${values.email.trim().toLowerCase()} (${user.id}).`);
    // The first owner takes over what was made before sign-in existed (as on the setup page).
    if (user.adopted && user.adopted.workflows + user.adopted.credentials + user.adopted.profiles > 0) {
      const parts = [plural(user.adopted.workflows, 'workflow'), plural(user.adopted.credentials, 'saved credential')];
      if (user.adopted.profiles > 0) parts.push(plural(user.adopted.profiles, 'browser profile'));
      printResult(`They now own ${parts.slice(0, -1).join(', ')} and ${parts.at(-1)} made before sign-in existed.`);
    }
    if (values.password === undefined) printResult(`Password: ${password}\nIt is shown only now; they can sign in with it and change it.`);
    return 0;
  } catch (error) {
    if (error instanceof AccountError) throw new InputError(error.message);
    throw error;
  }
}

export const command: Command = {
  name: 'users',
  summary: 'List the people who can sign in, or create one (the owner too)',
  usage: USAGE,
  details: [
    '  list        everyone with an account: id, name, e-mail, role, active or deactivated',
    '  create      a person who signs in with e-mail and password. --role owner | admin | editor |',
    '              viewer (default editor). Without --password one is made and printed once.',
  ].join('\n'),
  async run({ argv }) {
    const { values, positionals } = parseCommandArgs(
      this,
      argv,
      { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, password: { type: 'string' } },
      { min: 1, max: 1 },
    );
    const [action] = positionals;
    if (action !== 'list' && action !== 'create') throw new InputError(`Unknown action "${action}".\nUsage: taskmaster ${USAGE}`);
    return withSession((session) => (action === 'list' ? list(session) : create(session, values)));
  },
};
