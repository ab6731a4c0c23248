/**
 * Putting a cleaned segment in place of the segments it was made from, so that a crash at any
 * moment leaves either the old segments or the cleaned one, never a mix and never a gap
 * (Kafka's .cleaned/.swap protocol, adapted):
 *
 *   1. The cleaner writes the new segment, with its indexes, under <dir>/cleaner-tmp/ with the
 *      usual names and fsyncs it (CleanedSegmentBuilder).
 *   2. <base>.swap-range is written atomically: {"base": B, "end": E}, the offsets [B, E) the new
 *      segment replaces.
 *   3. Its index files, then its .log, are renamed into <dir> with a `.swap` suffix.
 *   4. The old segments' files (bases in [B, E)) are deleted.
 *   5. The .swap files are renamed to their final names (indexes first, .log last) and the
 *      range file is removed.
 *
 * recoverSwaps() finishes or rolls back whatever a crash interrupted; the log calls it when it
 * opens, before it lists its segments. The directory is fsynced after each step.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { syncDir, writeFileAtomically } from '../../util/durable-file.js';
import { INDEX_SUFFIX, LOG_SUFFIX, segmentFileName, TIME_INDEX_SUFFIX } from '../segment.js';

export const CLEANER_TMP_DIR = 'cleaner-tmp';
const SWAP = '.swap';
const RANGE_FILE = /^(\d{20})\.swap-range$/;
const SEGMENT_LOG = /^(\d{20})\.log$/;
/** Index files first, the .log last: a .log.swap on disk means step 3 completed. */
const SUFFIXES_IN_ORDER = [INDEX_SUFFIX, TIME_INDEX_SUFFIX, LOG_SUFFIX];

function rangeFile(dir: string, base: number): string {
  return path.join(dir, segmentFileName(base, '.swap-range'));
}

function removeSegmentFiles(dir: string, base: number): void {
  for (const s of SUFFIXES_IN_ORDER) fs.rmSync(path.join(dir, segmentFileName(base, s)), { force: true });
}

/** Deletes the old segments' files in [base, end) (step 4) and renames the .swap files (step 5). */
function completeSwap(dir: string, base: number, end: number): void {
  for (const name of fs.readdirSync(dir)) {
    const m = SEGMENT_LOG.exec(name);
    if (m !== null && Number(m[1]) >= base && Number(m[1]) < end) removeSegmentFiles(dir, Number(m[1]));
  }
  syncDir(dir);
  for (const s of SUFFIXES_IN_ORDER) {
    const from = path.join(dir, segmentFileName(base, s) + SWAP);
    if (fs.existsSync(from)) fs.renameSync(from, path.join(dir, segmentFileName(base, s)));
  }
  syncDir(dir);
  fs.rmSync(rangeFile(dir, base), { force: true });
  syncDir(dir);
}

/**
 * Steps 2-5 for a cleaned segment already complete in <dir>/cleaner-tmp/ with base offset
 * `base`, replacing the segments with base offsets in [base, end). The caller has closed the old
 * segments' files.
 */
export function installCleanedSegment(dir: string, base: number, end: number): void {
  const tmp = path.join(dir, CLEANER_TMP_DIR);
  writeFileAtomically(rangeFile(dir, base), JSON.stringify({ base, end }) + '\n');
  for (const s of SUFFIXES_IN_ORDER) {
    fs.renameSync(path.join(tmp, segmentFileName(base, s)), path.join(dir, segmentFileName(base, s) + SWAP));
  }
  syncDir(dir);
  completeSwap(dir, base, end);
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
 * completes swaps whose .log.swap made it to disk, and rolls back those that did not.
 * Returns one line per action for the log.
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
      // unreadable: written atomically, so it cannot be torn; treat as absent
    }
    const logSwap = path.join(dir, segmentFileName(base, LOG_SUFFIX) + SWAP);
    if (end > base && fs.existsSync(logSwap)) {
      completeSwap(dir, base, end);
      done.push(`completed the swap of the cleaned segment ${base} (replacing offsets ${base}-${end - 1})`);
    } else {
      for (const s of SUFFIXES_IN_ORDER) fs.rmSync(path.join(dir, segmentFileName(base, s) + SWAP), { force: true });
      fs.rmSync(path.join(dir, name), { force: true });
      syncDir(dir);
      done.push(`rolled back the unfinished swap of the cleaned segment ${base}`);
    }
  }
  // Stray .swap files without a range file: a swap whose range file was already removed has
  // nothing left to rename, so these can only be leftovers of a rolled-back step 3.
  for (const name of fs.readdirSync(dir)) {
    if (name.endsWith(SWAP)) {
      fs.rmSync(path.join(dir, name), { force: true });
      done.push(`removed stray ${name}`);
    }
  }
  return done;
}
