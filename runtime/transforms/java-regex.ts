/**
 * Java regular expressions and replacement strings, as far as connector configs use them
 * (RegexRouter, TopicNameMatches). Java's pattern syntax is close to JavaScript's; on top of
 * what JS accepts this translates:
 *   - leading inline flags `(?i)`, `(?s)`, `(?m)`, `(?x)` (also combined, e.g. `(?is)`),
 *   - `\Q...\E` quoting,
 *   - `\A`, `\z`, `\Z` anchors.
 * Java-only constructs JS lacks (possessive quantifiers, atomic groups) fail to compile, which
 * the transforms report as an invalid regex. A pattern with `\p{..}` compiles in Unicode mode.
 *
 * Replacement strings use Java's Matcher syntax, not JavaScript's: `$1`/`$12` (the longest group
 * number that exists), `${name}`, and `\` escaping the next character (`\$` is a literal dollar).
 */

export interface JavaPattern {
  /** The Java pattern as configured. */
  readonly pattern: string;
  /** Anchored at both ends: Java's `Matcher.matches()`. */
  readonly whole: RegExp;
  /** Unanchored: Java's `Matcher.find()` from the start. */
  readonly find: RegExp;
  readonly groupCount: number;
}

/** Compiles a Java pattern; throws Error (SyntaxError) with JavaScript's message when it is not valid. */
export function compileJavaRegex(pattern: string): JavaPattern {
  let src = pattern;
  let flags = '';
  const inline = /^\(\?([imsxuU]+)\)/.exec(src);
  if (inline) {
    src = src.slice(inline[0].length);
    for (const f of inline[1]!) if ('ims'.includes(f) && !flags.includes(f)) flags += f;
    if (inline[1]!.includes('x')) src = stripExtendedSyntax(src);
  }
  src = translate(src);
  if (src.includes('\\p{') || src.includes('\\P{')) flags += 'u';
  const whole = new RegExp(`^(?:${src})$`, flags);
  const find = new RegExp(src, flags);
  const groupCount = new RegExp(`${src}|`, flags).exec('')!.length - 1;
  return { pattern, whole, find, groupCount };
}

/** Whether the whole of `input` matches (Java's `matcher.matches()`). */
export function matchesWhole(p: JavaPattern, input: string): RegExpExecArray | null {
  return p.whole.exec(input);
}

function translate(src: string): string {
  let out = '';
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c !== '\\' || i + 1 >= src.length) {
      out += c;
      continue;
    }
    const n = src[i + 1]!;
    if (n === 'Q') {
      const end = src.indexOf('\\E', i + 2);
      const literal = end < 0 ? src.slice(i + 2) : src.slice(i + 2, end);
      out += literal.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
      i = end < 0 ? src.length : end + 1;
    } else if (n === 'A') {
      out += '^';
      i++;
    } else if (n === 'z' || n === 'Z') {
      out += '$';
      i++;
    } else {
      out += c + n;
      i++;
    }
  }
  return out;
}

/** `(?x)`: unescaped whitespace and `#` comments outside character classes are ignored. */
function stripExtendedSyntax(src: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') {
      out += src.slice(i, i + 2);
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
    } else if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (!/\s/.test(c)) {
      out += c;
    }
  }
  return out;
}

type Part = string | number | { readonly name: string };

/** A compiled Java replacement string for a pattern with `groupCount` groups. */
export class JavaReplacement {
  readonly #parts: readonly Part[];

  private constructor(parts: Part[]) {
    this.#parts = parts;
  }

  /** Parses `replacement`; throws Error with Java's wording on a bad group reference or escape. */
  static compile(replacement: string, p: JavaPattern): JavaReplacement {
    const parts: Part[] = [];
    let text = '';
    const flush = (): void => {
      if (text !== '') parts.push(text);
      text = '';
    };
    for (let i = 0; i < replacement.length; i++) {
      const c = replacement[i]!;
      if (c === '\\') {
        if (i + 1 >= replacement.length) throw new Error('character to be escaped is missing');
        text += replacement[++i];
      } else if (c !== '$') {
        text += c;
      } else if (replacement[i + 1] === '{') {
        const end = replacement.indexOf('}', i + 2);
        if (end < 0) throw new Error("named capturing group is missing trailing '}'");
        const name = replacement.slice(i + 2, end);
        if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name)) throw new Error(`named capturing group has an invalid name: ${name}`);
        if (!new RegExp(`\\(\\?<${name}>`).test(p.whole.source)) throw new Error(`No group with name {${name}}`);
        flush();
        parts.push({ name });
        i = end;
      } else {
        const first = replacement[i + 1];
        if (first === undefined || !/\d/.test(first)) throw new Error('Illegal group reference');
        let group = Number(first);
        if (group > p.groupCount) throw new Error(`No group ${group}`);
        i++;
        while (i + 1 < replacement.length && /\d/.test(replacement[i + 1]!)) {
          const next = group * 10 + Number(replacement[i + 1]);
          if (next > p.groupCount) break;
          group = next;
          i++;
        }
        flush();
        parts.push(group);
      }
    }
    flush();
    return new JavaReplacement(parts);
  }

  /** Java's `replaceFirst`: the first match in `input` replaced, the rest kept. */
  replaceFirst(p: JavaPattern, input: string): string {
    const m = p.find.exec(input);
    if (m === null) return input;
    return input.slice(0, m.index) + this.expand(m) + input.slice(m.index + m[0].length);
  }

  /** The replacement for one match; a group that did not take part contributes nothing. */
  expand(match: RegExpExecArray): string {
    let out = '';
    for (const part of this.#parts) {
      if (typeof part === 'string') out += part;
      else if (typeof part === 'number') out += match[part] ?? '';
      else out += match.groups?.[part.name] ?? '';
    }
    return out;
  }
}
