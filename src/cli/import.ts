import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { SectionIndex } from '../core/content/article-path.ts';
import { BroadsheetError, isBroadsheetError } from '../core/errors.ts';
import { importPlanned, planImport, type ImportPlan } from '../core/import/import-page.ts';
import { parsePageText } from '../core/import/page-text.ts';
import { storeImage } from '../core/media/store-image.ts';
import { EditionTime } from '../core/time/edition-time.ts';
import { LocalMediaFiles } from '../storage/media/local-media-files.ts';
import { SharpImageProcessor } from '../storage/media/sharp-image-processor.ts';
import { openStorage } from '../storage/open-storage.ts';
import { importArchiveCli } from './import-archive.ts';
import { cliPublicUrl } from './public-url.ts';
import { forTerminal } from './terminal-text.ts';

const IMAGE_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.webp', '.avif'];

/** The photo saved beside a page: page.txt → page.jpg (or .png, .webp, .avif). */
async function siblingImage(file: string): Promise<string | undefined> {
  const stem = join(dirname(file), basename(file, extname(file)));
  for (const ext of IMAGE_EXTENSIONS) {
    try {
      if ((await stat(stem + ext)).isFile()) return stem + ext;
    } catch {
      // not there; try the next extension
    }
  }
  return undefined;
}

interface Planned {
  readonly file: string;
  readonly plan: ImportPlan;
  readonly image: string | undefined;
}

/**
 * `npm run import -- wordpress <export.xml>` and `npm run import -- ghost <export.json>` bring an archive
 * (import-archive.ts); `npm run import -- [--section path] <file...>` imports saved article pages, all
 * checked before any is written.
 */
async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'wordpress' || argv[0] === 'ghost') return importArchiveCli(argv[0], argv.slice(1));
  const program = new Command()
    .name('npm run import --')
    .description('Import saved article pages (plain-text form) as published articles.')
    .argument('<files...>', 'text files of saved article pages; a photo with the same name (.jpg/.png/.webp/.avif) becomes the lead photo')
    .option('-s, --section <path>', 'sub-section for every file, e.g. politics/politics-government (default: from the first related tag)')
    .option('-d, --database <url>', 'database URL (default: BROADSHEET_DATABASE_URL or sqlite:./data/broadsheet.db)')
    .option('--dry-run', 'check the files and report, without writing anything')
    .exitOverride();
  try {
    program.parse(argv, { from: 'user' });
  } catch (err) {
    return (err as { exitCode?: number }).exitCode ?? 2;
  }
  const files = program.args;
  const opts = program.opts<{ section?: string; database?: string; dryRun?: boolean }>();
  const config = loadConfig(opts.database ? { ...process.env, BROADSHEET_DATABASE_URL: opts.database } : process.env);
  const storage = await openStorage(config.databaseUrl);
  const time = new EditionTime(config.timeZone, config.timeZoneLabel);
  try {
    const publicUrl = await cliPublicUrl(config, storage);
    // Phase 1: read, parse, place and check every file, with the same checks the write makes
    // (planImport) and the photo decoded as it will be stored. One bad file stops the run before
    // anything is written; a dry run stops here.
    const sections = new SectionIndex(await storage.sections.listAll());
    const processor = new SharpImageProcessor();
    const planned: Planned[] = [];
    const errors: string[] = [];
    for (const file of files) {
      try {
        let text: string;
        try {
          text = await readFile(file, 'utf8');
        } catch (err) {
          throw new BroadsheetError('BS_ERR_IMPORT_FILE_UNREADABLE', { file, detail: (err as NodeJS.ErrnoException).code ?? String(err) });
        }
        const plan = planImport(sections, parsePageText(text, file), opts.section);
        const image = await siblingImage(file);
        if (image) {
          try {
            await processor.process(await readFile(image));
          } catch (err) {
            if (!isBroadsheetError(err)) throw err;
            throw new BroadsheetError('BS_ERR_IMPORT_MALFORMED', { file: image, line: 1, detail: err.message }, { cause: err });
          }
        }
        planned.push({ file, plan, image });
      } catch (err) {
        if (!isBroadsheetError(err)) throw err;
        const located = err.code === 'BS_ERR_IMPORT_MALFORMED' || err.code === 'BS_ERR_IMPORT_FILE_UNREADABLE';
        errors.push(`${located ? '' : `${file}: `}${err.message}${err.code === 'BS_ERR_SECTION_UNKNOWN' && err.help ? ` (${err.help})` : ''}`);
      }
    }
    if (errors.length > 0) {
      for (const e of errors) console.error(`error: ${forTerminal(e)}`);
      console.error(`Nothing was imported: ${errors.length} of ${files.length} file(s) need fixing first.`);
      return 1;
    }
    if (opts.dryRun) {
      for (const p of planned) console.log(forTerminal(`ok: ${p.file}: "${p.plan.page.headline}"${p.image ? ` with photo ${basename(p.image)}` : ''}`));
      return 0;
    }

    // Phase 2: one transaction for every article (all or none); photos stored first, removed again on failure.
    const mediaFiles = new LocalMediaFiles(config.mediaDir);
    const bar = planned.length > 1
      ? new SingleBar({ format: 'importing [{bar}] {value}/{total} {file}', noTTYOutput: true, notTTYSchedule: 1000, stream: process.stderr, hideCursor: true }, Presets.shades_classic)
      : undefined;
    bar?.start(planned.length, 0, { file: '' });
    const results = await importPlanned(
      { storage, time, now: () => Date.now() },
      planned.map((p) => ({
        plan: p.plan,
        ...(p.image
          ? {
              loadImage: async () => {
                const caption = p.plan.page.caption ?? '';
                const stored = await storeImage({ files: mediaFiles, processor }, await readFile(p.image as string), { alt: caption, caption, credit: '' }, Date.now());
                bar?.increment(1, { file: forTerminal(basename(p.file)) });
                return stored;
              },
            }
          : {}),
      })),
    );
    bar?.update(planned.length);
    bar?.stop();
    let created = 0;
    for (const [i, result] of results.entries()) {
      if (result.created) created++;
      console.log(forTerminal(`${result.created ? 'imported' : 'already imported'}: ${publicUrl}${result.path}  (${planned[i]?.file})`));
    }
    console.log(`${created} article(s) imported, ${planned.length - created} already present.`);
    return 0;
  } catch (err) {
    if (isBroadsheetError(err)) {
      console.error(`error: ${err.code}: ${forTerminal(err.message)}`);
      return 1;
    }
    throw err;
  } finally {
    await storage.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error('import failed:', err);
    process.exit(1);
  },
);
