/**
 * Putting a cleaned segment in place of the segments it was made from, so that a crash at any
 * moment leaves either the old segments or the cleaned one, never a mix and never a gap
 * (Kafka's .cleaned/.swap/.deleted protocol, adapted). Everything slow (fsyncs, unlinks) happens
 * asynchronously before or after the one synchronous step that readers could observe:
 *
 *   prepare (async)  1. The cleaner has written the new segment, with its indexes, under
 *                       <dir>/cleaner-tmp/ with the usual names; its files are fsynced.
 *                    2. <base>.swap-range is written durably: {"base": B, "end": E}, the offsets
 *                       [B, E) the new segment replaces.
 *                    3. Its index files, then its .log, are renamed into <dir> with a `.swap`
 *                       suffix; the directory is fsynced.
 *   commit (sync)    4. The old segments' files (bases in [B, E)) are renamed to `.deleted`.
 *                    5. The .swap files are renamed to their final names (indexes first, .log
 *                       last). The log swaps its in-memory segment list right after this.
 *   finish (async)   6. The directory is fsynced, the .deleted files and the range file removed.
 *
 * recoverSwaps() finishes or rolls back whatever a crash interrupted; the log calls it when it
 * opens, before it lists its segments.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fsyncPathAsync, syncDir, writeFileAtomicallyAsync } from '../../util/durable-file.js';
import { INDEX_SUFFIX, LOG_SUFFIX, segmentFileName, TIME_INDEX_SUFFIX } from '../segment.js';

export const CLEANER_TMP_DIR = 'cleaner-tmp';
const SWAP = '.swap';
const DELETED = '.deleted';
const RANGE_FILE = /^(\d{20})\.swap-range$/;
const SEGMENT_LOG = /^(\d{20})\.log$/;
/** Index files first, the .log last: a .log.swap on disk means step 3 completed. */
const SUFFIXES_IN_ORDER = [INDEX_SUFFIX, TIME_INDEX_SUFFIX, LOG_SUFFIX];

function rangeFile(dir: string, base: number): string {
  return path.join(dir, segmentFileName(base, '.swap-range'));
}

/** The old segments' files in [base, end) renamed to .deleted (step 4). */
function retireOldSegments(dir: string, base: number, end: number): void {
  for (const name of fs.readdirSync(dir)) {
    const m = SEGMENT_LOG.exec(name);
    if (m === null || Number(m[1]) < base || Number(m[1]) >= end) continue;
    for (const s of SUFFIXES_IN_ORDER) {
      const f = path.join(dir, segmentFileName(Number(m[1]), s));
      if (fs.existsSync(f)) fs.renameSync(f, f + DELETED);
    }
  }
}

/** The .swap files renamed to their final names (step 5). */
function renameSwapFiles(dir: string, base: number): void {
  for (const s of SUFFIXES_IN_ORDER) {
    const from = path.join(dir, segmentFileName(base, s) + SWAP);
    if (fs.existsSync(from)) fs.renameSync(from, path.join(dir, segmentFileName(base, s)));
  }
}

function removeDeletedFiles(dir: string): number {
  let n = 0;
  for (const name of fs.readdirSync(dir)) {
    if (name.endsWith(DELETED)) {
      fs.rmSync(path.join(dir, name), { force: true });
      n++;
    }
  }
  return n;
}

/** Steps 1 (the fsyncs), 2 and 3 for a cleaned segment complete in <dir>/cleaner-tmp/. */
export async function prepareSwap(dir: string, base: number, end: number): Promise<void> {
  const tmp = path.join(dir, CLEANER_TMP_DIR);
  for (const s of SUFFIXES_IN_ORDER) await fsyncPathAsync(path.join(tmp, segmentFileName(base, s)));
  await writeFileAtomicallyAsync(rangeFile(dir, base), JSON.stringify({ base, end }) + '\n');
  for (const s of SUFFIXES_IN_ORDER) {
    await fs.promises.rename(path.join(tmp, segmentFileName(base, s)), path.join(dir, segmentFileName(base, s) + SWAP));
  }
  await fsyncPathAsync(dir);
}

/** Undoes prepareSwap when the log changed before the commit (the old segments stay). */
export function abortSwap(dir: string, base: number): void {
  for (const s of SUFFIXES_IN_ORDER) fs.rmSync(path.join(dir, segmentFileName(base, s) + SWAP), { force: true });
  fs.rmSync(rangeFile(dir, base), { force: true });
}

/** Steps 4 and 5: synchronous and cheap (renames only). The caller has closed the old segments. */
export function commitSwap(dir: string, base: number, end: number): void {
  retireOldSegments(dir, base, end);
  renameSwapFiles(dir, base);
}

/** Step 6. */
export async function finishSwap(dir: string, base: number): Promise<void> {
  await fsyncPathAsync(dir);
  for (const name of await fs.promises.readdir(dir)) {
    if (name.endsWith(DELETED)) await fs.promises.rm(path.join(dir, name), { force: true });
  }
  await fs.promises.rm(rangeFile(dir, base), { force: true });
  await fsyncPathAsync(dir);
}

/** The directory a cleaned segment is built in (created empty). */
export function freshCleanerTmpDir(dir: string): string {
  const tmp = path.join(dir, CLEANER_TMP_DIR);
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp);
  return tmp;
}

/** Removes a cleaner-tmp directory (an abandoned or finished cleaning). */
export function removeCleanerTmpDir(dir: string): void {
  fs.rmSync(path.join(dir, CLEANER_TMP_DIR), { recursive: true, force: true });
}

/**
 * Crash recovery, before the log lists its segments: drops an unfinished cleaned segment,
 * completes swaps whose .log.swap made it to disk, rolls back those that did not, and removes
 * retired (.deleted) files. Returns one line per action for the log.
 */
export function recoverSwaps(dir: string): string[] {
  const done: string[] = [];
  if (fs.existsSync(path.join(dir, CLEANER_TMP_DIR))) {
    removeCleanerTmpDir(dir);
    done.push('removed an unfinished cleaned segment (cleaner-tmp)');
  }
  for (const name of fs.readdirSync(dir)) {
    const m = RANGE_FILE.exec(name);
    if (m === null) continue;
    const base = Number(m[1]);
    let end = -1;
    try {
      const r = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as { base: number; end: number };
      if (r.base === base && Number.isSafeInteger(r.end) && r.end > base) end = r.end;
    } catch {
      // unreadable: written and fsynced before being renamed into place, so not torn; treat as absent
    }
    if (end > base && fs.existsSync(path.join(dir, segmentFileName(base, LOG_SUFFIX) + SWAP))) {
      retireOldSegments(dir, base, end);
      renameSwapFiles(dir, base);
      fs.rmSync(path.join(dir, name), { force: true });
      done.push(`completed the swap of the cleaned segment ${base} (replacing offsets ${base}-${end - 1})`);
    } else {
      abortSwap(dir, base);
      done.push(`rolled back the unfinished swap of the cleaned segment ${base}`);
    }
  }
  for (const name of fs.readdirSync(dir)) {
    // Stray .swap files without a range file can only be leftovers of a rolled-back step 3.
    if (name.endsWith(SWAP)) {
      fs.rmSync(path.join(dir, name), { force: true });
      done.push(`removed stray ${name}`);
    }
  }
  const retired = removeDeletedFiles(dir);
  if (retired > 0) done.push(`removed ${retired} retired segment file(s) (.deleted)`);
  for (const name of fs.readdirSync(dir)) if (name.endsWith('.swap-range.tmp')) fs.rmSync(path.join(dir, name), { force: true });
  if (done.length > 0) syncDir(dir);
  return done;
}
