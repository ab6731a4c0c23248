/**
 * A small JSON reader for schema text, used for two things JSON.parse cannot do:
 *
 * - say where a syntax error is, as line:column (V8's messages often give no position);
 * - keep the document exactly as written for the canonical form: JS objects move integer-like
 *   keys ("2", "10") to the front and JSON.parse turns `1.0` into `1`, while Confluent's stored
 *   schema keeps key order and number spelling (Jackson re-serializes the tree it read).
 *
 * Grammar is RFC 8259. A duplicate key keeps its first position and its last value (Jackson's
 * and JSON.parse's behaviour). The tree is only for printing; the value the rest of the provider
 * works on comes from JSON.parse of the same text.
 */

export type JsonTree =
  | { readonly kind: 'object'; readonly entries: [string, JsonTree][] }
  | { readonly kind: 'array'; readonly items: JsonTree[] }
  /** A string, number, true, false or null, already printed in its compact form. */
  | { readonly kind: 'scalar'; readonly text: string };

/** A syntax error with its 1-based position. */
export class JsonSyntaxError extends Error {
  constructor(readonly reason: string, readonly line: number, readonly column: number) {
    super(`${reason} at line ${line} column ${column}`);
    this.name = 'JsonSyntaxError';
  }
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"/y;

/** Reads `text` into a tree; throws JsonSyntaxError naming what was expected and where. */
export function readJsonTree(text: string): JsonTree {
  let pos = 0;

  const fail = (reason: string, at = pos): never => {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < at && i < text.length; i++) {
      if (text.charCodeAt(i) === 10) {
        line++;
        lineStart = i + 1;
      }
    }
    throw new JsonSyntaxError(reason, line, at - lineStart + 1);
  };
  const skipSpace = (): void => {
    while (pos < text.length && ' \t\n\r'.includes(text[pos]!)) pos++;
  };
  const describe = (): string => (pos >= text.length ? 'end of input' : `'${text[pos]}'`);

  const readString = (): string => {
    STRING.lastIndex = pos;
    const m = STRING.exec(text);
    if (!m) {
      // Find the offending character for a precise position.
      let i = pos + 1;
      while (i < text.length && text[i] !== '"') {
        const c = text.charCodeAt(i);
        if (c < 0x20) fail('control character in string (escape it)', i);
        if (text[i] === '\\') {
          if (text[i + 1] === 'u') {
            if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('bad \\u escape in string', i);
            i += 6;
            continue;
          }
          if (!'"\\/bfnrt'.includes(text[i + 1] ?? '')) fail('bad escape in string', i);
          i += 2;
          continue;
        }
        i++;
      }
      fail('unterminated string', i);
    }
    pos += m![0].length;
    return JSON.parse(m![0]) as string;
  };

  const readValue = (depth: number): JsonTree => {
    if (depth > 1000) fail('nesting deeper than 1000 levels');
    skipSpace();
    const c = text[pos];
    if (c === '{') {
      pos++;
      const entries: [string, JsonTree][] = [];
      const index = new Map<string, number>();
      skipSpace();
      if (text[pos] === '}') {
        pos++;
        return { kind: 'object', entries };
      }
      for (;;) {
        skipSpace();
        if (text[pos] !== '"') fail(`expected a double-quoted property name but found ${describe()}`);
        const key = readString();
        skipSpace();
        if (text[pos] !== ':') fail(`expected ':' after property name but found ${describe()}`);
        pos++;
        const value = readValue(depth + 1);
        const seen = index.get(key);
        if (seen === undefined) {
          index.set(key, entries.length);
          entries.push([key, value]);
        } else {
          entries[seen] = [key, value];
        }
        skipSpace();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === '}') {
          pos++;
          return { kind: 'object', entries };
        }
        fail(`expected ',' or '}' after property value but found ${describe()}`);
      }
    }
    if (c === '[') {
      pos++;
      const items: JsonTree[] = [];
      skipSpace();
      if (text[pos] === ']') {
        pos++;
        return { kind: 'array', items };
      }
      for (;;) {
        items.push(readValue(depth + 1));
        skipSpace();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === ']') {
          pos++;
          return { kind: 'array', items };
        }
        fail(`expected ',' or ']' after array element but found ${describe()}`);
      }
    }
    // Strings are re-printed so escapes are spelled one way (JSON.stringify's, like Jackson's).
    if (c === '"') return { kind: 'scalar', text: JSON.stringify(readString()) };
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return { kind: 'scalar', text: word };
      }
    }
    NUMBER.lastIndex = pos;
    const m = NUMBER.exec(text);
    if (m) {
      pos += m[0].length;
      return { kind: 'scalar', text: m[0] };
    }
    return fail(`expected a JSON value but found ${describe()}`);
  };

  const tree = readValue(0);
  skipSpace();
  if (pos < text.length) fail(`unexpected ${describe()} after the JSON value`);
  return tree;
}

/** The tree as compact JSON, keys in document order. */
export function printCompact(tree: JsonTree): string {
  switch (tree.kind) {
    case 'scalar':
      return tree.text;
    case 'array':
      return `[${tree.items.map(printCompact).join(',')}]`;
    case 'object':
      return `{${tree.entries.map(([k, v]) => `${JSON.stringify(k)}:${printCompact(v)}`).join(',')}}`;
  }
}

/** The tree as compact JSON with every object's keys sorted (UTF-16 order, as Java's
 * String.compareTo); array order is meaning (tuples, allOf order is kept). */
export function printSorted(tree: JsonTree): string {
  switch (tree.kind) {
    case 'scalar':
      return tree.text;
    case 'array':
      return `[${tree.items.map(printSorted).join(',')}]`;
    case 'object': {
      const entries = [...tree.entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${printSorted(v)}`).join(',')}}`;
    }
  }
}
