import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { SectionIndex } from '../core/content/article-path.ts';
import { BroadsheetError, isBroadsheetError } from '../core/errors.ts';
import { importPage, resolveSubsection } from '../core/import/import-page.ts';
import { parsePageText, type ParsedPage } from '../core/import/page-text.ts';
import { storeImage } from '../core/media/store-image.ts';
import { EditionTime } from '../core/time/edition-time.ts';
import { LocalMediaFiles } from '../storage/media/local-media-files.ts';
import { SharpImageProcessor } from '../storage/media/sharp-image-processor.ts';
import { openStorage } from '../storage/open-storage.ts';

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
  readonly page: ParsedPage;
  readonly image: string | undefined;
}

/** `npm run import -- [--section path] <file...>`: imports saved article pages, all checked before any is written. */
async function main(argv: string[]): Promise<number> {
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
    // Phase 1: read, parse and place every file. One bad file stops the run before anything is written.
    const sections = new SectionIndex(await storage.sections.listAll());
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
        const page = parsePageText(text, file);
        resolveSubsection(sections, page, opts.section);
        planned.push({ file, page, image: await siblingImage(file) });
      } catch (err) {
        if (!isBroadsheetError(err)) throw err;
        errors.push(err.code === 'BS_ERR_SECTION_UNKNOWN' ? `${file}: ${err.message}${err.help ? ` (${err.help})` : ''}` : err.message);
      }
    }
    if (errors.length > 0) {
      for (const e of errors) console.error(`error: ${e}`);
      console.error(`Nothing was imported: ${errors.length} of ${files.length} file(s) need fixing first.`);
      return 1;
    }
    if (opts.dryRun) {
      for (const p of planned) console.log(`ok: ${p.file}: "${p.page.headline}"${p.image ? ` with photo ${basename(p.image)}` : ''}`);
      return 0;
    }

    // Phase 2: one transaction per article.
    const files_ = new LocalMediaFiles(config.mediaDir);
    const processor = new SharpImageProcessor();
    const bar = planned.length > 1
      ? new SingleBar({ format: 'importing [{bar}] {value}/{total} {file}', noTTYOutput: true, notTTYSchedule: 1000, stream: process.stderr, hideCursor: true }, Presets.shades_classic)
      : undefined;
    bar?.start(planned.length, 0, { file: '' });
    const lines: string[] = [];
    let created = 0;
    for (const p of planned) {
      const image = p.image;
      const result = await importPage({ storage, time, now: () => Date.now() }, p.page, {
        ...(opts.section !== undefined ? { section: opts.section } : {}),
        ...(image
          ? {
              loadImage: async () =>
                storeImage({ files: files_, processor }, await readFile(image), {
                  alt: p.page.caption ?? '',
                  caption: p.page.caption ?? '',
                  credit: '',
                }, Date.now()),
            }
          : {}),
      });
      if (result.created) created++;
      lines.push(`${result.created ? 'imported' : 'already imported'}: ${config.publicUrl}${result.path}  (${p.file})`);
      bar?.increment(1, { file: basename(p.file) });
      if (!bar) console.log(lines.at(-1));
    }
    bar?.stop();
    if (bar) for (const l of lines) console.log(l);
    console.log(`${created} article(s) imported, ${planned.length - created} already present.`);
    return 0;
  } catch (err) {
    if (isBroadsheetError(err)) {
      console.error(`error: ${err.code}: ${err.message}`);
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
