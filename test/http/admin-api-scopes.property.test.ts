import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { PERMISSIONS, roleCan, ROLES, type Permission, type Role } from '../../src/core/access/roles.ts';
import { actorOf, type User } from '../../src/core/access/types.ts';
import { ADMIN_API_ACCESS } from '../../src/web/api/admin-api-access.ts';
import { startTestApp, type TestApp } from '../helpers/demo-app.ts';

/*
 * Generated tokens (any role, any subset of its permissions) against every Admin API route: the route is
 * refused (403) exactly when the role lacks the route's permission or the token was not given it, and
 * the code says which. Non-GET calls carry a body no route accepts, so a call the gate lets through
 * stops at validation (400) without writing anything.
 */

let t: TestApp;
const users = new Map<Role, User>();

before(async () => {
  t = await startTestApp();
  const admin = (await t.services.auth.bootstrapAdmin({ email: 'scopes-root@example.com', name: 'Scopes Root', password: 'a long enough test passphrase' })).user;
  users.set('admin', admin);
  for (const role of ROLES.filter((r) => r !== 'admin')) users.set(role, (await t.services.auth.createUser(admin, { email: `scopes-${role}@example.com`, name: `Scopes ${role}`, role })).user);
});
after(async () => t?.close());

const concrete = (path: string) => path.replace('/api/admin/v1', '').replace(':name', 'footer').replace(/:[a-z]+/g, '999999999');

test('a token reaches exactly the routes its role and its scopes both allow', async () => {
  const routes = Object.keys(ADMIN_API_ACCESS);
  const roleAndScopes = fc.constantFrom(...ROLES).chain((role) => {
    const held = (Object.keys(PERMISSIONS) as Permission[]).filter((p) => roleCan(role, p));
    return fc.tuple(fc.constant(role), fc.subarray(held, { minLength: 1 }));
  });
  await fc.assert(
    fc.asyncProperty(roleAndScopes, async ([role, scopes]) => {
      const { token } = await t.services.integrations.createToken(actorOf(users.get(role)!), { kind: 'personal', name: 'generated', scopes });
      for (const route of routes) {
        const [method, path] = route.split(' ') as ['GET', string];
        const permission = ADMIN_API_ACCESS[route]!;
        const res = await t.app.inject({
          method,
          url: `/api/admin/v1${concrete(path)}`,
          headers: { authorization: `Bearer ${token}` },
          ...(method === 'GET' ? {} : { payload: { unexpected: true } }),
        });
        const allowed = roleCan(role, permission) && scopes.includes(permission);
        const label = `${role} [${scopes.join(' ')}] ${route} → ${res.statusCode} ${res.body.slice(0, 120)}`;
        assert.ok(res.statusCode < 500, label);
        if (allowed) assert.notEqual(res.statusCode, 403, label);
        else {
          assert.equal(res.statusCode, 403, label);
          assert.equal(res.json().error.code, roleCan(role, permission) ? 'BS_ERR_API_SCOPE' : 'BS_ERR_AUTH_FORBIDDEN', label);
        }
      }
    }),
    { numRuns: 25 },
  );
});
