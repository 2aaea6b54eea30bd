import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { AuthService } from '../core/access/auth-service.ts';
import { isRole } from '../core/access/roles.ts';
import { isBroadsheetError } from '../core/errors.ts';
import { LogMailer } from '../storage/mail/log-mailer.ts';
import { openStorage } from '../storage/open-storage.ts';
import { cliPublicUrl } from './public-url.ts';
import { forTerminal } from './terminal-text.ts';

/** Reads a password from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolve) => {
    let muted = false;
    const output = new Writable({
      write(chunk, _encoding, done) {
        if (!muted) process.stdout.write(chunk);
        done();
      },
    });
    const rl = createInterface({ input: process.stdin, output, terminal: true });
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** `npm run user -- create|reset-link|list`: newsroom accounts from the command line. */
async function main(argv: string[]): Promise<number> {
  const config = loadConfig();
  const storage = await openStorage(config.databaseUrl);
  const publicUrl = await cliPublicUrl(config, storage);
  const auth = new AuthService({ storage, clock: { now: () => Date.now() }, mailer: new LogMailer((l) => console.log(l)), publicUrl });
  const program = new Command().name('npm run user --').exitOverride();
  let code = 0;

  program
    .command('create')
    .description('create an account; an admin gets a password now, others get a one-time link')
    .requiredOption('--email <email>', 'login email')
    .option('--name <name>', 'display and byline name', 'Newsroom Admin')
    .option('--role <role>', 'contributor, writer, editor or admin', 'admin')
    .option('--password-stdin', 'read the password from standard input (for scripts)')
    .option('--link', 'print a one-time link to set the password instead of asking for one')
    .action(async (opts: { email: string; name: string; role: string; passwordStdin?: boolean; link?: boolean }) => {
      if (!isRole(opts.role)) throw new Error(`unknown role "${opts.role}"`);
      if (opts.role !== 'admin') {
        // Other roles are created by an admin; from here that is the first admin in the database.
        const admin = (await storage.users.list()).find((u) => u.role === 'admin' && u.status === 'active');
        if (!admin) throw new Error('create an admin first');
        const { user, link } = await auth.createUser(admin, { email: opts.email, name: opts.name, role: opts.role });
        console.log(`Created ${user.role} ${user.email}. One-time link to set the password (valid 3 days):\n${link}`);
        return;
      }
      if (opts.link) {
        const { user, link } = await auth.bootstrapAdmin({ email: opts.email, name: opts.name });
        console.log(`Created admin ${user.email}. One-time link to set the password (valid 3 days):\n${link}`);
        return;
      }
      const password = opts.passwordStdin ? await readStdin() : await promptHidden('Password (at least 12 characters): ');
      const { user } = await auth.bootstrapAdmin({ email: opts.email, name: opts.name, password });
      console.log(`Created admin ${user.email}. Log in at ${publicUrl}/admin/login`);
    });

  program
    .command('reset-link')
    .description('print a one-time link to set a new password for an account')
    .requiredOption('--email <email>', 'the account')
    .action(async (opts: { email: string }) => {
      const user = await storage.users.findByEmail(opts.email);
      const admin = (await storage.users.list()).find((u) => u.role === 'admin' && u.status === 'active');
      if (!user || !admin) throw new Error(`no account ${opts.email}`);
      console.log(await auth.adminResetLink(admin, user.id));
    });

  program
    .command('list')
    .description('list accounts')
    .action(async () => {
      for (const u of await storage.users.list()) console.log([u.id, u.role, u.status, u.email, u.name].map((v) => forTerminal(String(v))).join('\t'));
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (isBroadsheetError(err)) {
      console.error(`error: ${err.code}: ${forTerminal(err.message)}`);
      code = 1;
    } else if ((err as { code?: string }).code?.startsWith('commander.')) {
      code = (err as { exitCode?: number }).exitCode ?? 2;
    } else {
      console.error(`error: ${forTerminal((err as Error).message)}`);
      code = 1;
    }
  } finally {
    await storage.close();
  }
  return code;
}

main(process.argv.slice(2)).then((code) => process.exit(code));
