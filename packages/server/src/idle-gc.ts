import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined;

/**
 * One full, compacting garbage collection, now. A server that has just loaded its catalog and built its
 * search indexes holds ~20 MB of old-space garbage from that work, spread as holes over pages that
 * stay resident: an idle server runs no further full collection, and an ordinary one frees the holes
 * but keeps the pages. Compacting moves the live objects together and hands the emptied pages back
 * (idle RSS −24 MB per process, measured with bench:startup; docs/catalog.md). `serve` calls this
 * once after its start-up build. The `gc` function exists only in contexts created after
 * `--expose-gc` is set, hence the new context (made once); compaction is switched on for this one
 * collection only.
 */
export function collectGarbageNow(): void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  setFlagsFromString('--compact-on-every-full-gc');
  gc();
  setFlagsFromString('--no-compact-on-every-full-gc');
}
