import type { Config } from '../config.ts';
import { SERVED_URL_SETTING, type Storage } from '../core/ports.ts';

/**
 * The origin the CLI prints links with. A command runs in its own shell, usually without the
 * server's PORT or BROADSHEET_PUBLIC_URL, so a link built from its own config would name
 * localhost:3000 whatever the site runs at. An explicit BROADSHEET_PUBLIC_URL wins; otherwise the
 * origin the site recorded when it last started; otherwise this process's own config.
 */
export async function cliPublicUrl(config: Config, storage: Storage, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (env.BROADSHEET_PUBLIC_URL) return config.publicUrl;
  return (await storage.settings.get(SERVED_URL_SETTING)) ?? config.publicUrl;
}
