// Entry of the view flush thread. Worker threads do not get the `--import tsx` hooks of the
// process (a known tsx limitation), so this plain module registers them and loads the TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./view-flush-worker.ts');
