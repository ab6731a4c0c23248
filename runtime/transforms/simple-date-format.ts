/**
 * Java's SimpleDateFormat patterns, always in UTC and with the US English locale (what
 * TimestampRouter and TimestampConverter configure in Kafka). Pattern grammar:
 *
 *   pattern  := (letters | 'quoted text' | '' | other)*     letters: a run of one letter
 *
 * | letter | meaning                       | letter | meaning                               |
 * |--------|-------------------------------|--------|---------------------------------------|
 * | G      | era (AD/BC)                   | E      | day name (EEE Mon, EEEE Monday)       |
 * | y      | year (yy: two digits)         | u      | day number of week (1 = Monday)       |
 * | Y      | week year                     | a      | AM/PM                                 |
 * | M, L   | month (M 1, MM 01, MMM Jan, MMMM January) | H, k | hour 0-23, 1-24             |
 * | w, W   | week in year, week in month   | K, h   | hour 0-11, 1-12                       |
 * | D      | day in year                   | m, s   | minute, second                        |
 * | d      | day in month                  | S      | millisecond (a number, padded)        |
 * | F      | day of week in month          | z, Z, X| zone: UTC, +0000, Z                   |
 *
 * Any other ASCII letter is an error ("Illegal pattern character 'q'"), as in Java. A count of
 * letters is the minimum number of digits (numbers) or selects the short/long name (text).
 * Weeks follow the US rules: weeks start on Sunday and week 1 contains January 1.
 *
 * Parsing is Java's lenient parse: numbers may have more digits than the pattern (unless the
 * next field is numeric too, e.g. `yyyyMMdd`, where each takes exactly its count), overflowing
 * values roll over, text after the parsed part is ignored, and fields missing from the pattern
 * default to 1970-01-01T00:00:00.000Z.
 */

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const LETTERS = 'GyYMLwWDdFEuaHkKhmsSzZX';
const NUMERIC = 'yYwWDdFuHkKhmsS';
const MS_PER_DAY = 86_400_000;

type Token = { readonly literal: string } | { readonly letter: string; readonly count: number };

export class SimpleDateFormat {
  readonly pattern: string;
  readonly #tokens: readonly Token[];

  /** Throws Error naming the problem for an invalid pattern. */
  constructor(pattern: string) {
    this.pattern = pattern;
    this.#tokens = compile(pattern);
  }

  format(date: Date): string {
    let out = '';
    for (const t of this.#tokens) out += 'literal' in t ? t.literal : formatField(t.letter, t.count, date);
    return out;
  }

  /** The instant `text` denotes; throws Error(`Unparseable date: "…"`) when it does not match. */
  parse(text: string): Date {
    const r = parseFields(this.#tokens, text);
    if (r === null) throw new Error(`Unparseable date: "${text}"`);
    return r;
  }
}

function compile(pattern: string): Token[] {
  const tokens: Token[] = [];
  let literal = '';
  const flush = (): void => {
    if (literal !== '') tokens.push({ literal });
    literal = '';
  };
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i]!;
    if (c === "'") {
      if (pattern[i + 1] === "'") {
        literal += "'";
        i += 2;
        continue;
      }
      let j = i + 1;
      for (;;) {
        if (j >= pattern.length) throw new Error(`Unterminated quote in pattern "${pattern}"`);
        if (pattern[j] === "'") {
          if (pattern[j + 1] === "'") {
            literal += "'";
            j += 2;
            continue;
          }
          break;
        }
        literal += pattern[j++];
      }
      i = j + 1;
    } else if (/[A-Za-z]/.test(c)) {
      if (!LETTERS.includes(c)) throw new Error(`Illegal pattern character '${c}'`);
      let j = i;
      while (pattern[j] === c) j++;
      flush();
      tokens.push({ letter: c, count: j - i });
      i = j;
    } else {
      literal += c;
      i++;
    }
  }
  flush();
  return tokens;
}

function pad(n: number, width: number): string {
  const s = String(Math.abs(n)).padStart(width, '0');
  return n < 0 ? `-${s}` : s;
}

/** US week numbering: weeks start on Sunday, week 1 is the week containing January 1. */
function weekOfYear(date: Date): { week: number; weekYear: number } {
  const y = date.getUTCFullYear();
  const dayStart = Math.floor(date.getTime() / MS_PER_DAY) * MS_PER_DAY;
  const nextJan1 = utc(y + 1, 0, 1);
  const daysToNext = Math.round((nextJan1 - dayStart) / MS_PER_DAY);
  if (daysToNext <= 6 - date.getUTCDay()) return { week: 1, weekYear: y + 1 };
  const jan1 = utc(y, 0, 1);
  const dayOfYear0 = Math.round((dayStart - jan1) / MS_PER_DAY);
  return { week: Math.floor((dayOfYear0 + new Date(jan1).getUTCDay()) / 7) + 1, weekYear: y };
}

function utc(year: number, month: number, day: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month, day);
  return d.getTime();
}

function formatField(letter: string, count: number, date: Date): string {
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  const day = date.getUTCDate();
  const hour = date.getUTCHours();
  switch (letter) {
    case 'G':
      return year > 0 ? 'AD' : 'BC';
    case 'y':
    case 'Y': {
      const y = letter === 'y' ? year : weekOfYear(date).weekYear;
      const eraYear = y > 0 ? y : 1 - y;
      return count === 2 ? pad(eraYear % 100, 2) : pad(eraYear, count);
    }
    case 'M':
    case 'L':
      if (count >= 4) return MONTHS[month]!;
      if (count === 3) return MONTHS[month]!.slice(0, 3);
      return pad(month + 1, count);
    case 'w':
      return pad(weekOfYear(date).week, count);
    case 'W': {
      const firstDow = new Date(utc(year, month, 1)).getUTCDay();
      return pad(Math.floor((day - 1 + firstDow) / 7) + 1, count);
    }
    case 'D':
      return pad(Math.round((utc(year, month, day) - utc(year, 0, 1)) / MS_PER_DAY) + 1, count);
    case 'd':
      return pad(day, count);
    case 'F':
      return pad(Math.floor((day - 1) / 7) + 1, count);
    case 'E':
      return count >= 4 ? DAYS[date.getUTCDay()]! : DAYS[date.getUTCDay()]!.slice(0, 3);
    case 'u':
      return pad(date.getUTCDay() === 0 ? 7 : date.getUTCDay(), count);
    case 'a':
      return hour < 12 ? 'AM' : 'PM';
    case 'H':
      return pad(hour, count);
    case 'k':
      return pad(hour === 0 ? 24 : hour, count);
    case 'K':
      return pad(hour % 12, count);
    case 'h':
      return pad(hour % 12 === 0 ? 12 : hour % 12, count);
    case 'm':
      return pad(date.getUTCMinutes(), count);
    case 's':
      return pad(date.getUTCSeconds(), count);
    case 'S':
      return pad(date.getUTCMilliseconds(), count);
    case 'z':
      return count >= 4 ? 'Coordinated Universal Time' : 'UTC';
    case 'Z':
      return '+0000';
    default: // 'X'
      return 'Z';
  }
}

interface Fields {
  year?: number;
  month?: number;
  day?: number;
  dayOfYear?: number;
  hour?: number;
  hour12?: number;
  pm?: boolean;
  minute?: number;
  second?: number;
  millis?: number;
  offsetMinutes?: number;
  bc?: boolean;
}

function parseFields(tokens: readonly Token[], text: string): Date | null {
  const f: Fields = {};
  let pos = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if ('literal' in t) {
      if (!text.startsWith(t.literal, pos)) return null;
      pos += t.literal.length;
      continue;
    }
    const { letter, count } = t;
    const next = tokens[i + 1];
    const textual = (letter === 'M' || letter === 'L') && count >= 3;
    if (NUMERIC.includes(letter) || ((letter === 'M' || letter === 'L') && !textual)) {
      const abutting = next !== undefined && 'letter' in next && (NUMERIC.includes(next.letter) || ('ML'.includes(next.letter) && next.count < 3));
      const m = (abutting ? new RegExp(`^\\d{${count}}`) : /^\d+/).exec(text.slice(pos));
      if (!m) return null;
      pos += m[0].length;
      assignNumber(f, letter, Number(m[0]), m[0].length, count);
      continue;
    }
    const rest = text.slice(pos);
    const matched = matchText(f, letter, rest);
    if (matched < 0) return null;
    pos += matched;
  }
  if (pos === 0 && tokens.length > 0) return null;
  return toDate(f);
}

function assignNumber(f: Fields, letter: string, n: number, digits: number, count: number): void {
  switch (letter) {
    case 'y':
    case 'Y':
      f.year = count <= 2 && digits === 2 ? twoDigitYear(n) : n;
      return;
    case 'M':
    case 'L':
      f.month = n - 1;
      return;
    case 'D':
      f.dayOfYear = n;
      return;
    case 'd':
      f.day = n;
      return;
    case 'H':
      f.hour = n;
      return;
    case 'k':
      f.hour = n === 24 ? 0 : n;
      return;
    case 'K':
    case 'h':
      f.hour12 = n % 12;
      return;
    case 'm':
      f.minute = n;
      return;
    case 's':
      f.second = n;
      return;
    case 'S':
      f.millis = n;
      return;
    default: // w, W, F, u: read and ignored, as the date is fixed by the other fields
      return;
  }
}

/** Java's default century: two-digit years fall within 80 years before and 20 after now. */
function twoDigitYear(n: number): number {
  const start = new Date().getUTCFullYear() - 80;
  let y = Math.floor(start / 100) * 100 + n;
  if (y < start) y += 100;
  return y;
}

/** Matches a text field at the start of `rest`; the number of characters used, or -1. */
function matchText(f: Fields, letter: string, rest: string): number {
  const lower = rest.toLowerCase();
  const pick = (names: readonly string[]): [number, number] => {
    for (let i = 0; i < names.length; i++) if (lower.startsWith(names[i]!.toLowerCase())) return [i, names[i]!.length];
    for (let i = 0; i < names.length; i++) {
      const short = names[i]!.slice(0, 3);
      if (lower.startsWith(short.toLowerCase())) return [i, short.length];
    }
    return [-1, -1];
  };
  switch (letter) {
    case 'M':
    case 'L': {
      const [i, n] = pick(MONTHS);
      if (i >= 0) f.month = i;
      return n;
    }
    case 'E':
      return pick(DAYS)[1];
    case 'a': {
      const [i, n] = pick(['AM', 'PM']);
      if (i >= 0) f.pm = i === 1;
      return n;
    }
    case 'G': {
      const [i, n] = pick(['AD', 'BC']);
      if (i >= 0) f.bc = i === 1;
      return n;
    }
    default:
      return matchZone(f, rest);
  }
}

function matchZone(f: Fields, rest: string): number {
  const named = /^(Coordinated Universal Time|UTC|GMT|Z)/i.exec(rest);
  const offset = /^(?:GMT|UTC)?([+-])(\d{2}):?(\d{2})?/.exec(rest);
  if (offset) {
    const minutes = Number(offset[2]) * 60 + Number(offset[3] ?? 0);
    f.offsetMinutes = offset[1] === '-' ? -minutes : minutes;
    return offset[0].length;
  }
  if (named) {
    f.offsetMinutes = 0;
    return named[0].length;
  }
  return -1;
}

function toDate(f: Fields): Date {
  let year = f.year ?? 1970;
  if (f.bc) year = 1 - year;
  let hour = f.hour ?? 0;
  if (f.hour12 !== undefined) hour = f.hour12 + (f.pm ? 12 : 0);
  else if (f.pm && hour < 12) hour += 12;
  const d = new Date(0);
  if (f.dayOfYear !== undefined && f.month === undefined && f.day === undefined) d.setUTCFullYear(year, 0, f.dayOfYear);
  else d.setUTCFullYear(year, f.month ?? 0, f.day ?? 1);
  d.setUTCHours(hour, f.minute ?? 0, f.second ?? 0, f.millis ?? 0);
  return new Date(d.getTime() - (f.offsetMinutes ?? 0) * 60_000);
}
