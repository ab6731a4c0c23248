/**
 * RegexRouter (`org.apache.kafka.connect.transforms.RegexRouter`): renames the topic when the
 * whole topic matches `regex` (Java syntax), to the topic with its first match replaced by
 * `replacement` (Java syntax: `$1`, `${name}`, `\$` for a dollar). A topic that does not match
 * passes unchanged. See java-regex.ts for the Java-to-JavaScript translation.
 */
import { ConfigDef } from '../api/config/config-def.js';
import type { ConnectRecord } from '../api/connector/connect-record.js';
import { ConfigException } from '../api/errors.js';
import type { AnyRecord, Transformation } from '../api/plugins/transformation.js';
import { validRegex } from './config-util.js';
import { JavaReplacement, compileJavaRegex, matchesWhole, type JavaPattern } from './java-regex.js';

export const REGEX_ROUTER_CONFIG = new ConfigDef()
  .define({ name: 'regex', type: 'STRING', validator: validRegex, importance: 'HIGH', documentation: 'Regular expression (Java syntax) the whole topic must match.' })
  .define({ name: 'replacement', type: 'STRING', importance: 'HIGH', documentation: 'Replacement for the match (Java syntax: $1 is the first group).' });

export class RegexRouter<R extends ConnectRecord<R> = AnyRecord> implements Transformation<R> {
  #pattern: JavaPattern | null = null;
  #replacement: JavaReplacement | null = null;

  configure(props: Readonly<Record<string, string>>): void {
    const c = REGEX_ROUTER_CONFIG.parse(props);
    const pattern = compileJavaRegex(c.regex);
    try {
      this.#replacement = JavaReplacement.compile(c.replacement, pattern);
    } catch (e) {
      throw ConfigException.invalid('replacement', c.replacement, (e as Error).message);
    }
    this.#pattern = pattern;
  }

  apply(record: R): R {
    const pattern = this.#pattern!;
    if (matchesWhole(pattern, record.topic) === null) return record;
    return record.newRecord({ topic: this.#replacement!.replaceFirst(pattern, record.topic) });
  }

  config(): ConfigDef {
    return REGEX_ROUTER_CONFIG;
  }
}
