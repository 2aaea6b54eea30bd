import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Role } from '../../src/core/access/roles.ts';
import type { User } from '../../src/core/access/types.ts';
import type { Services } from '../../src/services.ts';
import { parsePage } from './dom.ts';

export const TEST_PASSWORD = 'a long enough test passphrase';

/** A browser-like client for app.inject: keeps cookies, knows the page's CSRF token. */
export class AdminClient {
  readonly #app: FastifyInstance;
  readonly cookies = new Map<string, string>();
  csrf = '';
  user: User | undefined;

  constructor(app: FastifyInstance) {
    this.#app = app;
  }

  #absorb(res: LightMyRequestResponse): void {
    for (const c of res.cookies) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    // The form's hidden field, or the editor's data attribute (values come back decoded).
    const page = parsePage(res.body);
    const token = page.$('input[name="_csrf"]').attr('value') ?? page.$('[data-csrf]').attr('data-csrf');
    if (token) this.csrf = token;
  }

  async request(options: InjectOptions & { form?: Record<string, string | string[]>; json?: unknown; withCsrf?: boolean }): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { ...(options.headers as Record<string, string>) };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let payload = options.payload;
    const withCsrf = options.withCsrf ?? true;
    if (options.form) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(options.form)) for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
      if (withCsrf && !('_csrf' in options.form)) params.append('_csrf', this.csrf);
      headers['content-type'] = 'application/x-www-form-urlencoded';
      payload = params.toString();
    } else if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      if (withCsrf) headers['x-csrf-token'] = this.csrf;
      payload = JSON.stringify(options.json);
    } else if (withCsrf && options.method && !['GET', 'HEAD'].includes(String(options.method))) {
      headers['x-csrf-token'] = this.csrf;
    }
    const { form: _f, json: _j, withCsrf: _w, ...rest } = options;
    const res = await this.#app.inject({ ...rest, headers, ...(payload !== undefined ? { payload } : {}) } as InjectOptions);
    this.#absorb(res);
    return res;
  }

  get(url: string): Promise<LightMyRequestResponse> {
    return this.request({ method: 'GET', url });
  }

  post(url: string, form: Record<string, string | string[]> = {}): Promise<LightMyRequestResponse> {
    return this.request({ method: 'POST', url, form });
  }

  /** Logs in through the real form (GET for the token, POST the credentials). */
  async login(email: string, password = TEST_PASSWORD): Promise<LightMyRequestResponse> {
    await this.get('/admin/login');
    const res = await this.post('/admin/login', { email, password });
    if (res.statusCode === 303) await this.get('/admin/account/');
    return res;
  }
}

let counter = 0;

/** Creates a user with a password (through the real invitation flow) and a client logged in as them. */
export async function signedIn(app: FastifyInstance, services: Services, role: Role | 'admin', name?: string): Promise<AdminClient> {
  const admins = (await services.storage.users.list()).filter((u) => u.role === 'admin');
  let admin = admins[0];
  if (!admin) {
    admin = (await services.auth.bootstrapAdmin({ email: 'root@example.com', name: 'Root Admin', password: TEST_PASSWORD })).user;
  }
  const label = name ?? `${role}${++counter}`;
  let user: User;
  if (role === 'admin' && admins.length === 0) {
    user = admin;
  } else {
    const created = await services.auth.createUser(admin, { email: `${label.toLowerCase().replace(/\W/g, '')}@example.com`, name: label, role });
    await services.auth.setPasswordWithLink(created.link.split('/').at(-1) as string, 'invite', TEST_PASSWORD);
    user = created.user;
  }
  const client = new AdminClient(app);
  const res = await client.login(user.email);
  if (res.statusCode !== 303) throw new Error(`login as ${role} failed: ${res.statusCode} ${res.body.slice(0, 200)}`);
  client.user = user;
  return client;
}
