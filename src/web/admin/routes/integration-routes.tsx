import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { PERMISSIONS, roleCan, type Permission } from '../../../core/access/roles.ts';
import { actorOf } from '../../../core/access/types.ts';
import { isBroadsheetError } from '../../../core/errors.ts';
import type { AdminKit } from '../admin-kit.ts';
import type { Flash } from '../components/admin-layout.tsx';
import { ApiKeysPage } from '../pages/api-keys-page.tsx';
import { ApiTokensPage } from '../pages/api-tokens-page.tsx';
import { WebhookLogPage, WebhooksPage } from '../pages/webhooks-page.tsx';
import { form, FormText, IdParam, IdParams } from '../schemas.ts';

const KeyBody = form({ name: FormText(200), origins: Type.Optional(FormText(4000)), rate: Type.String({ pattern: '^[1-9][0-9]{0,5}$' }) });
const RevokeBody = form({ id: IdParam });
const NameList = Type.Union([Type.String({ maxLength: 40 }), Type.Array(Type.String({ maxLength: 40 }), { maxItems: 50 })]);
const TokenBody = form({
  name: FormText(200),
  kind: Type.Union([Type.Literal('personal'), Type.Literal('integration')]),
  'scopes[]': Type.Optional(NameList),
  days: Type.String({ pattern: '^[1-9][0-9]{0,2}$' }),
});
const WebhookBody = form({ name: FormText(200), url: FormText(2100), 'events[]': Type.Optional(NameList) });
const CsrfOnly = form({});
const list = (v: string | readonly string[] | undefined): string[] => (v === undefined ? [] : typeof v === 'string' ? [v] : [...v]);

/** Content API keys and webhooks (admins); Admin API tokens (everyone, for themselves). */
export async function integrationRoutes(app: FastifyInstance, kit: AdminKit): Promise<void> {
  const actor = (request: FastifyRequest) => actorOf(kit.session(request).user);
  const failed = (err: unknown): Flash => {
    if (!isBroadsheetError(err) || err.status >= 500) throw err;
    return { kind: 'error', text: err.message };
  };

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
      return keysPage(request, reply, { flash: failed(err) }, (err as { status: number }).status);
    }
  });

  app.post<{ Body: Static<typeof RevokeBody> }>('/admin/api-keys/revoke', { schema: { body: RevokeBody } }, async (request, reply) => {
    await kit.integrations.revokeApiKey(actor(request), Number(request.body.id));
    return keysPage(request, reply, { flash: { kind: 'ok', text: 'The key was revoked: requests with it are refused from now on.' } });
  });

  const tokensPage = async (request: FastifyRequest, reply: FastifyReply, extra: { flash?: Flash; created?: { name: string; token: string } } = {}, status = 200) => {
    const me = actor(request);
    const permissions = (Object.keys(PERMISSIONS) as Permission[]).filter((p) => roleCan(me.role, p));
    return kit.page(
      reply,
      <ApiTokensPage ctx={kit.context(request, reply)} tokens={await kit.integrations.tokens(me)} permissions={permissions} canIntegrate={roleCan(me.role, 'integration:manage')} flash={extra.flash} created={extra.created} />,
      status,
    );
  };

  app.get('/admin/tokens/', async (request, reply) => tokensPage(request, reply));

  app.post<{ Body: Static<typeof TokenBody> }>('/admin/tokens/', { schema: { body: TokenBody } }, async (request, reply) => {
    const { name, kind, 'scopes[]': scopes, days } = request.body;
    try {
      const { token } = await kit.integrations.createToken(actor(request), { kind, name, scopes: list(scopes), expiresInDays: Number(days) });
      reply.header('cache-control', 'no-store');
      return tokensPage(request, reply, { created: { name: name.trim(), token } });
    } catch (err) {
      return tokensPage(request, reply, { flash: failed(err) }, (err as { status: number }).status);
    }
  });

  app.post<{ Body: Static<typeof RevokeBody> }>('/admin/tokens/revoke', { schema: { body: RevokeBody } }, async (request, reply) => {
    await kit.integrations.revokeToken(actor(request), Number(request.body.id));
    return tokensPage(request, reply, { flash: { kind: 'ok', text: 'The token was revoked: requests with it are refused from now on.' } });
  });

  const webhooks = kit.integrations.webhooks;
  const hooksPage = async (request: FastifyRequest, reply: FastifyReply, extra: { flash?: Flash; created?: { name: string; secret: string } } = {}, status = 200) =>
    kit.page(reply, <WebhooksPage ctx={kit.context(request, reply)} subscriptions={await webhooks.subscriptions(actor(request))} flash={extra.flash} created={extra.created} />, status);
  const logPage = async (request: FastifyRequest, reply: FastifyReply, id: number, flash?: Flash) => {
    const { subscription, deliveries } = await webhooks.log(actor(request), id);
    return kit.page(reply, <WebhookLogPage ctx={kit.context(request, reply)} subscription={subscription} deliveries={deliveries} flash={flash} />);
  };

  app.get('/admin/webhooks/', async (request, reply) => hooksPage(request, reply));

  app.post<{ Body: Static<typeof WebhookBody> }>('/admin/webhooks/', { schema: { body: WebhookBody } }, async (request, reply) => {
    const { name, url, 'events[]': events } = request.body;
    try {
      const { secret } = await webhooks.subscribe(actor(request), { name, url, events: list(events) });
      reply.header('cache-control', 'no-store');
      return hooksPage(request, reply, { created: { name: name.trim(), secret } });
    } catch (err) {
      return hooksPage(request, reply, { flash: failed(err) }, (err as { status: number }).status);
    }
  });

  app.get<{ Params: Static<typeof IdParams> }>('/admin/webhooks/:id/', { schema: { params: IdParams } }, async (request, reply) => logPage(request, reply, Number(request.params.id)));

  for (const [action, active] of [['pause', false], ['resume', true]] as const) {
    app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof CsrfOnly> }>(`/admin/webhooks/:id/${action}`, { schema: { params: IdParams, body: CsrfOnly } }, async (request, reply) => {
      await webhooks.setActive(actor(request), Number(request.params.id), active);
      return logPage(request, reply, Number(request.params.id), { kind: 'ok', text: active ? 'Deliveries resume with the next event.' : 'Paused: new events are not sent to this address.' });
    });
  }

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof CsrfOnly> }>('/admin/webhooks/:id/delete', { schema: { params: IdParams, body: CsrfOnly } }, async (request, reply) => {
    await webhooks.remove(actor(request), Number(request.params.id));
    return hooksPage(request, reply, { flash: { kind: 'ok', text: 'The webhook and its delivery log were deleted.' } });
  });

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof CsrfOnly> }>('/admin/webhooks/deliveries/:id/redeliver', { schema: { params: IdParams, body: CsrfOnly } }, async (request, reply) => {
    const delivery = await webhooks.redeliver(actor(request), Number(request.params.id));
    return logPage(request, reply, delivery.subscriptionId, { kind: 'ok', text: `evt_${delivery.eventId} is queued again: it goes out within seconds.` });
  });
}
