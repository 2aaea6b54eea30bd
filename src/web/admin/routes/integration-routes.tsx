import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { actorOf } from '../../../core/access/types.ts';
import { isBroadsheetError } from '../../../core/errors.ts';
import type { AdminKit } from '../admin-kit.ts';
import type { Flash } from '../components/admin-layout.tsx';
import { ApiKeysPage } from '../pages/api-keys-page.tsx';
import { form, FormText, IdParam } from '../schemas.ts';

const KeyBody = form({ name: FormText(200), origins: Type.Optional(FormText(4000)), rate: Type.String({ pattern: '^[1-9][0-9]{0,5}$' }) });
const RevokeBody = form({ id: IdParam });

/** Content API keys (admins). */
export async function integrationRoutes(app: FastifyInstance, kit: AdminKit): Promise<void> {
  const actor = (request: FastifyRequest) => actorOf(kit.session(request).user);
  const keysPage = async (request: FastifyRequest, reply: FastifyReply, extra: { flash?: Flash; created?: { name: string; key: string } } = {}, status = 200) =>
    kit.page(reply, <ApiKeysPage ctx={kit.context(request, reply)} keys={await kit.integrations.apiKeys(actor(request))} flash={extra.flash} created={extra.created} />, status);

  app.get('/admin/api-keys/', async (request, reply) => keysPage(request, reply));

  app.post<{ Body: Static<typeof KeyBody> }>('/admin/api-keys/', { schema: { body: KeyBody } }, async (request, reply) => {
    const { name, origins = '', rate } = request.body;
    try {
      const { key } = await kit.integrations.createApiKey(actor(request), { name, origins: origins.split(/\r?\n/), ratePerMinute: Number(rate) });
      // The key is in this one answer and nowhere else: never cached, never logged.
      reply.header('cache-control', 'no-store');
      return keysPage(request, reply, { created: { name: name.trim(), key } });
    } catch (err) {
      if (!isBroadsheetError(err) || err.status >= 500) throw err;
      return keysPage(request, reply, { flash: { kind: 'error', text: err.message } }, err.status);
    }
  });

  app.post<{ Body: Static<typeof RevokeBody> }>('/admin/api-keys/revoke', { schema: { body: RevokeBody } }, async (request, reply) => {
    await kit.integrations.revokeApiKey(actor(request), Number(request.body.id));
    return keysPage(request, reply, { flash: { kind: 'ok', text: 'The key was revoked: requests with it are refused from now on.' } });
  });
}
