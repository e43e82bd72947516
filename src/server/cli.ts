/**
 * Administrative commands:
 *   npm run cli -- create-admin <username> "<full name>"   (password read from DIMOTIS_ADMIN_PASSWORD or stdin)
 *   npm run cli -- migrate
 */
import { createInterface } from 'node:readline/promises';
import { loadConfig } from './config.js';
import { AppError } from './errors.js';
import { createUser, hasAdmin } from './modules/users/users.service.js';
import { prepareContext } from './start.js';

const [command, ...args] = process.argv.slice(2);
const config = loadConfig();

async function readPassword(): Promise<string> {
  const fromEnv = process.env.DIMOTIS_ADMIN_PASSWORD;
  if (fromEnv) return fromEnv;
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: false });
  process.stderr.write('Password (at least 10 characters): ');
  const line = await rl.question('');
  rl.close();
  return line.trim();
}

async function main(): Promise<number> {
  if (command === 'migrate') {
    const ctx = await prepareContext(config);
    await ctx.database.close();
    console.log('Database is up to date.');
    return 0;
  }
  if (command === 'create-admin') {
    const [username, fullName] = args;
    if (!username || !fullName) {
      console.error('usage: npm run cli -- create-admin <username> "<full name>"');
      return 2;
    }
    const ctx = await prepareContext(config);
    try {
      if (await hasAdmin(ctx.database.db) && !args.includes('--another')) {
        console.error('An administrator already exists; add --another to create one more.');
        return 1;
      }
      const user = await createUser(ctx.database.db, null, { username, fullName, email: null, role: 'admin', departmentIds: [], active: true, password: await readPassword() });
      console.log(`Administrator ${user.username} created.`);
      return 0;
    } catch (err) {
      if (err instanceof AppError) {
        console.error(`Cannot create the administrator: ${err.message}`);
        return 1;
      }
      throw err;
    } finally {
      await ctx.database.close();
    }
  }
  console.error('commands: create-admin <username> "<full name>" | migrate');
  return 2;
}

process.exit(await main());
