import { lookup } from 'node:dns/promises';
import { createReadStream } from 'node:fs';
import { isIP } from 'node:net';
import { readFile } from 'node:fs/promises';
import { basename, join, resolve, sep } from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { BroadsheetError, isBroadsheetError } from '../core/errors.ts';
import type { Archive, ArchiveImage } from '../core/import/archive/archive-model.ts';
import { parseMapping, type SectionMapping } from '../core/import/archive/archive-placement.ts';
import { readGhost } from '../core/import/archive/ghost-source.ts';
import { importArchive, type ArchiveImportDeps } from '../core/import/archive/import-archive.ts';
import type { ImageProcessor, MediaFiles, Storage } from '../core/ports.ts';
import { summaryLines } from '../core/import/archive/import-summary.ts';
import { readWordpress } from '../core/import/archive/wordpress-source.ts';
import { storeImage } from '../core/media/store-image.ts';
import { EditionTime } from '../core/time/edition-time.ts';
import { LocalMediaFiles } from '../storage/media/local-media-files.ts';
import { SharpImageProcessor } from '../storage/media/sharp-image-processor.ts';
import { openStorage } from '../storage/open-storage.ts';
import { GuardedHttp } from '../storage/outbound/guarded-http.ts';
import { forTerminal } from './terminal-text.ts';

const IMAGE_TIMEOUT_MS = 20_000;
const MAX_IMAGE_BYTES = 30 * 1024 * 1024;

/**
 * Where photos come from: a folder (the old uploads or content/images), a web address, or the old site itself.
 * Web fetches go through the guarded client: addresses named in an export file never reach this machine's own
 * or private-network services; the host the operator names with --media-from/--images is trusted as named.
 */
function imageLoader(from: string | undefined): (image: ArchiveImage) => Promise<Buffer | undefined> {
  let client: Promise<GuardedHttp> | undefined;
  const http = () =>
    (client ??= (async () => {
      if (!from || !/^https?:\/\//i.test(from)) return new GuardedHttp();
      const host = new URL(from).hostname.replace(/^\[|\]$/g, '');
      const named = isIP(host) ? [host] : (await lookup(host, { all: true }).catch(() => [])).map((a) => a.address);
      return new GuardedHttp({ allow: named });
    })());
  const fetchBytes = async (url: string): Promise<Buffer | undefined> => {
    try {
      const res = await (await http()).request(url, { timeoutMs: IMAGE_TIMEOUT_MS, maxBytes: MAX_IMAGE_BYTES });
      return res.status === 200 ? res.body : undefined;
    } catch {
      return undefined;
    }
  };
  if (from && /^https?:\/\//i.test(from)) {
    const base = from.endsWith('/') ? from : `${from}/`;
    return (image) => fetchBytes(new URL(image.file.split('/').map(encodeURIComponent).join('/'), base).href);
  }
  if (from) {
    const root = resolve(from);
    return async (image) => {
      // The export's relative path first ("2026/11/photo.jpg"), then the bare file name (a flat folder).
      for (const candidate of [resolve(root, image.file), join(root, basename(image.file))]) {
        if (candidate !== root && !candidate.startsWith(root + sep)) continue; // never outside the folder
        try {
          return await readFile(candidate);
        } catch {
          // not there; try the next
        }
      }
      return undefined;
    };
  }
  return async (image) => (/^https?:\/\//i.test(image.url) ? fetchBytes(image.url) : undefined);
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new BroadsheetError('BS_ERR_IMPORT_FILE_UNREADABLE', { file, detail: (err as NodeJS.ErrnoException).code ?? String(err) });
  }
}

async function openArchive(kind: 'wordpress' | 'ghost', file: string): Promise<Archive> {
  if (kind === 'ghost') return readGhost(await readText(file), file);
  await readFile(file, { flag: 'r' }).catch((err: NodeJS.ErrnoException) => {
    throw new BroadsheetError('BS_ERR_IMPORT_FILE_UNREADABLE', { file, detail: err.code ?? String(err) });
  });
  // Streamed: a large export is never held in memory.
  return readWordpress(() => createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }), file);
}

/** What the archive import needs from this process: the database, the media folder, sharp, photo loading. */
export function archiveDeps(
  storage: Storage,
  media: { readonly files: MediaFiles; readonly processor: ImageProcessor },
  time: EditionTime,
  imagesFrom: string | undefined,
  progress?: (done: number) => void,
): ArchiveImportDeps {
  const { files, processor } = media;
  return {
    storage,
    time,
    loadImage: imageLoader(imagesFrom),
    storeImage: (bytes, image, at) => storeImage({ files, processor }, bytes, { alt: image.alt, caption: image.caption, credit: '' }, at),
    checkImage: async (bytes) => processor.process(bytes).then(() => true, () => false),
    ...(progress ? { progress } : {}),
    now: () => Date.now(),
  };
}

/** `npm run import -- wordpress <export.xml>` / `npm run import -- ghost <export.json>`. */
export async function importArchiveCli(kind: 'wordpress' | 'ghost', argv: string[]): Promise<number> {
  const program = new Command()
    .name(`npm run import -- ${kind}`)
    .description(kind === 'wordpress' ? 'Import a WordPress export (Tools → Export, WXR 1.1/1.2).' : 'Import a Ghost export (Settings → Labs → Export).')
    .argument('<file>', kind === 'wordpress' ? 'the .xml export' : 'the .json export')
    .option(kind === 'wordpress' ? '--media-from <dir or url>' : '--images <dir or url>', kind === 'wordpress' ? 'the old wp-content/uploads folder, or its web address (default: the addresses in the export)' : 'the old content/images folder, or its web address')
    .option('--sections <file>', 'JSON mapping of categories (Ghost: "tag:slug") to "section/sub-section"; "*" for the rest')
    .option('-d, --database <url>', 'database URL (default: BROADSHEET_DATABASE_URL or sqlite:./data/broadsheet.db)')
    .option('--dry-run', 'check everything and print what would happen, without writing')
    .exitOverride();
  try {
    program.parse(argv, { from: 'user' });
  } catch (err) {
    return (err as { exitCode?: number }).exitCode ?? 2;
  }
  const [file] = program.args as [string];
  const opts = program.opts<{ mediaFrom?: string; images?: string; sections?: string; database?: string; dryRun?: boolean }>();
  const config = loadConfig(opts.database ? { ...process.env, BROADSHEET_DATABASE_URL: opts.database } : process.env);
  let mapping: SectionMapping = new Map();
  let archive: Archive;
  try {
    // Parse and check the inputs before the database is opened: a broken file changes nothing.
    if (opts.sections) mapping = parseMapping(await readText(opts.sections), opts.sections);
    archive = await openArchive(kind, file);
  } catch (err) {
    if (!isBroadsheetError(err)) throw err;
    console.error(`error: ${forTerminal(err.message)}`);
    console.error('Nothing was imported.');
    return 1;
  }
  const storage = await openStorage(config.databaseUrl);
  const processor = new SharpImageProcessor();
  const files = new LocalMediaFiles(config.mediaDir);
  const bar = process.stderr.isTTY
    ? new SingleBar({ format: 'importing [{bar}] {value}/{total} items', stream: process.stderr, hideCursor: true }, Presets.shades_classic)
    : undefined;
  try {
    bar?.start(archive.header.itemCount, 0);
    const time = new EditionTime(config.timeZone, config.timeZoneLabel);
    const summary = await importArchive(
      archiveDeps(storage, { files, processor }, time, opts.mediaFrom ?? opts.images, (done) => bar?.update(done)),
      archive,
      { dryRun: opts.dryRun === true, mapping },
    );
    bar?.stop();
    for (const line of summaryLines(summary)) console.log(forTerminal(line));
    return 0;
  } catch (err) {
    bar?.stop();
    if (!isBroadsheetError(err)) throw err;
    console.error(`error: ${err.code}: ${forTerminal(err.message)}`);
    return 1;
  } finally {
    await storage.close();
  }
}
