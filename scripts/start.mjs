#!/usr/bin/env node
// Runs a built entry point (`node scripts/start.mjs [server|import|migrate|seed|user] [args...]`):
// builds first if a source changed since the last build (a fresh clone is built by `npm install`),
// then runs dist/<entry>.js in this process with the remaining arguments. `npm start` and the CLI
// scripts in package.json go through here, so the quick start stays two commands.
import { buildIfStale } from './build.mjs';

const ENTRIES = new Set(['server', 'import', 'migrate', 'seed', 'user']);
const entry = ENTRIES.has(process.argv[2] ?? '') ? process.argv.splice(2, 1)[0] : 'server';
await buildIfStale();
await import(`../dist/${entry}.js`);
