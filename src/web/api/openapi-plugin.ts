import fastifySwagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { ERRORS } from '../../core/errors.ts';
import { escapeHtml } from '../../core/content/sanitize.ts';

/*
 * The API's OpenAPI 3.1 document, generated from the route schemas (@fastify/swagger collects every
 * route as it is registered, so a route cannot be left out by forgetting to document it), served at
 * /api/docs/openapi.json, with a plain reference page at /api/docs/. Only /api/ routes are in it;
 * every error answer is the registry's { error: { code, message } }, its codes listed.
 */

const ERROR_SCHEMA = {
  type: 'object',
  description: 'An error answer. `code` is stable (docs/errors.md); `message` is for people.',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string', enum: Object.keys(ERRORS) }, message: { type: 'string' } },
    },
  },
} as const;

interface OpenApiDocument {
  readonly paths?: Record<string, Record<string, { summary?: string; description?: string; parameters?: { name: string; in: string; required?: boolean; schema?: { type?: string; pattern?: string; enum?: unknown[] } }[] }>>;
}

export interface OpenApiOptions {
  readonly publicUrl: string;
}

/** Registers the document generator; called on the root instance before any route, so it sees them all. */
export async function registerOpenApi(app: FastifyInstance, options: OpenApiOptions): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Broadsheet API',
        version: '1.0.0',
        description:
          'The public Content API (read-only, published content only, with a key), the Admin API (the newsroom\'s operations, with a bearer token), rankings and view counting. See docs/api.md.',
      },
      servers: [{ url: options.publicUrl }],
      components: {
        securitySchemes: {
          apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-Api-Key', description: 'A Content API key (admins create them under Newsroom → API keys).' },
          apiKeyQuery: { type: 'apiKey', in: 'query', name: 'key' },
          bearerToken: { type: 'http', scheme: 'bearer', description: 'An Admin API token (each user makes their own under Newsroom → API tokens; admins make integration tokens).' },
        },
      },
    },
    transform: ({ schema, url }) => {
      if (!url.startsWith('/api/') || url.startsWith('/api/docs')) return { schema: { ...(schema ?? {}), hide: true }, url };
      const response = { ...((schema?.response as Record<string, unknown> | undefined) ?? {}), '4XX': { ...ERROR_SCHEMA, description: 'The request was refused (error codes: docs/errors.md)' }, '5XX': { ...ERROR_SCHEMA, description: 'The server failed' } };
      const schemes: { [scheme: string]: string[] }[] = [{ apiKeyHeader: [] }, { apiKeyQuery: [] }];
      const security = url.startsWith('/api/content/') ? { security: schemes } : url.startsWith('/api/admin/') ? { security: [{ bearerToken: [] }] } : {};
      return { schema: { ...(schema ?? {}), response, ...security }, url };
    },
  });
}

/** The document and its reference page. */
export function openApiRoutes(app: FastifyInstance): void {
  app.get('/api/docs/openapi.json', { schema: { hide: true } }, async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=300').header('access-control-allow-origin', '*');
    return app.swagger();
  });

  app.get('/api/docs/', { schema: { hide: true } }, async (_request, reply) => {
    const doc = app.swagger() as OpenApiDocument;
    const rows = Object.entries(doc.paths ?? {}).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => {
        const params = (op.parameters ?? []).map((p) => `<li><code>${escapeHtml(p.name)}</code> (${escapeHtml(p.in)}${p.required ? ', required' : ''}${p.schema?.enum ? `: ${escapeHtml(p.schema.enum.join(' | '))}` : ''})</li>`).join('');
        return `<section><h2><code>${escapeHtml(method.toUpperCase())} ${escapeHtml(path)}</code></h2>${params ? `<ul>${params}</ul>` : '<p>No parameters.</p>'}</section>`;
      }),
    );
    reply.type('text/html; charset=utf-8').header('cache-control', 'public, max-age=300');
    return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Broadsheet API reference</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem}code{font-size:.95em}h2{font-size:1.05rem;margin-top:2rem}</style></head><body><main><h1>Broadsheet API reference</h1><p>The machine-readable document is <a href="/api/docs/openapi.json">openapi.json</a> (OpenAPI 3.1). Errors are <code>{"error":{"code","message"}}</code> with the codes in docs/errors.md.</p>${rows.join('')}</main></body></html>`;
  });
}
