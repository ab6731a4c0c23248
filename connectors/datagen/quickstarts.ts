/**
 * The built-in data sets. Each quickstart is a Connect STRUCT schema and a function that fills the
 * values of record `index` from that record's own random generator; the same (seed, index) always
 * gives the same values. Event times are not the wall clock: they advance about one second per
 * record from EVENT_EPOCH, so a seeded run is reproducible byte for byte.
 *
 *   users      userid, name, email (optional), gender, regionid, registertime (Timestamp), verified
 *   pageviews  viewtime (Timestamp), userid, pageid, referrer (optional), duration_ms
 *   orders     orderid (INT64, index + 1), ordertime (Timestamp), customerid, itemid, orderunits,
 *              amount (Decimal, scale 2), currency, address (STRUCT city/state/zipcode)
 *
 * userid/customerid share the range User_1..User_100, so the data sets join.
 */
import { BigDecimal, Decimal, Schema, SchemaBuilder, Struct, Timestamp } from '../../runtime/api/index.js';
import type { Rng } from './random.js';

/** 2024-01-01T00:00:00Z: event times of record n are EVENT_EPOCH + n seconds + jitter. */
export const EVENT_EPOCH = Date.UTC(2024, 0, 1);
const NAMESPACE = 'io.tributary.connect.datagen';

export interface Quickstart {
  readonly name: string;
  /** The value schema's fields (the payload field, if asked for, is appended after them). */
  readonly fields: ReadonlyArray<readonly [string, Schema]>;
  readonly schemaName: string;
  /** The field used as record key when `schema.keyfield` is not set. */
  readonly keyField: string;
  /** The field values of record `index`, by field name. */
  generate(rng: Rng, index: number): Record<string, unknown>;
}

const FIRST = ['Alice', 'Bob', 'Carmen', 'Deepak', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jamal', 'Kofi', 'Lena', 'Mateo', 'Noor', 'Olga', 'Pavel'];
const LAST = ['Andersen', 'Baker', 'Chen', 'Diaz', 'Eriksen', 'Fischer', 'Garcia', 'Hughes', 'Ivanova', 'Jones', 'Kim', 'Lopez', 'Moreau', 'Nakamura'];
const CITIES: ReadonlyArray<readonly [string, string]> = [
  ['San Francisco', 'CA'], ['Seattle', 'WA'], ['Austin', 'TX'], ['New York', 'NY'],
  ['Chicago', 'IL'], ['Boston', 'MA'], ['Denver', 'CO'], ['Portland', 'OR'],
];
const REFERRERS = ['https://www.google.com/', 'https://news.ycombinator.com/', 'https://www.reddit.com/', 'https://duckduckgo.com/'];

const eventTime = (rng: Rng, index: number): Date => new Date(EVENT_EPOCH + index * 1000 + rng.int(0, 999));
const userId = (rng: Rng): string => `User_${rng.int(1, 100)}`;

const users: Quickstart = {
  name: 'users',
  schemaName: `${NAMESPACE}.User`,
  keyField: 'userid',
  fields: [
    ['userid', Schema.STRING_SCHEMA],
    ['name', Schema.STRING_SCHEMA],
    ['email', Schema.OPTIONAL_STRING_SCHEMA],
    ['gender', Schema.STRING_SCHEMA],
    ['regionid', Schema.STRING_SCHEMA],
    ['registertime', Timestamp.SCHEMA],
    ['verified', Schema.BOOLEAN_SCHEMA],
  ],
  generate(rng) {
    const first = rng.pick(FIRST);
    const last = rng.pick(LAST);
    return {
      userid: userId(rng),
      name: `${first} ${last}`,
      email: rng.chance(0.85) ? `${first}.${last}${rng.int(1, 99)}@example.com`.toLowerCase() : null,
      gender: rng.pick(['FEMALE', 'MALE', 'OTHER']),
      regionid: `Region_${rng.int(1, 9)}`,
      registertime: new Date(Date.UTC(2020, 0, 1) + rng.int(0, 4 * 365 * 86_400) * 1000),
      verified: rng.chance(0.7),
    };
  },
};

const pageviews: Quickstart = {
  name: 'pageviews',
  schemaName: `${NAMESPACE}.PageView`,
  keyField: 'pageid',
  fields: [
    ['viewtime', Timestamp.SCHEMA],
    ['userid', Schema.STRING_SCHEMA],
    ['pageid', Schema.STRING_SCHEMA],
    ['referrer', Schema.OPTIONAL_STRING_SCHEMA],
    ['duration_ms', Schema.INT32_SCHEMA],
  ],
  generate(rng, index) {
    return {
      viewtime: eventTime(rng, index),
      userid: userId(rng),
      pageid: `Page_${rng.int(1, 100)}`,
      referrer: rng.chance(0.6) ? rng.pick(REFERRERS) : null,
      duration_ms: rng.int(200, 120_000),
    };
  },
};

export const AMOUNT_SCALE = 2;
const ADDRESS_SCHEMA = SchemaBuilder.struct()
  .name(`${NAMESPACE}.Address`)
  .field('city', Schema.STRING_SCHEMA)
  .field('state', Schema.STRING_SCHEMA)
  .field('zipcode', Schema.INT32_SCHEMA)
  .build();

const orders: Quickstart = {
  name: 'orders',
  schemaName: `${NAMESPACE}.Order`,
  keyField: 'orderid',
  fields: [
    ['orderid', Schema.INT64_SCHEMA],
    ['ordertime', Timestamp.SCHEMA],
    ['customerid', Schema.STRING_SCHEMA],
    ['itemid', Schema.STRING_SCHEMA],
    ['orderunits', Schema.FLOAT64_SCHEMA],
    ['amount', Decimal.schema(AMOUNT_SCALE)],
    ['currency', Schema.STRING_SCHEMA],
    ['address', ADDRESS_SCHEMA],
  ],
  generate(rng, index) {
    const [city, state] = rng.pick(CITIES);
    return {
      orderid: BigInt(index + 1),
      ordertime: eventTime(rng, index),
      customerid: userId(rng),
      itemid: `Item_${rng.int(1, 999)}`,
      orderunits: Math.round(rng.next() * 1000) / 100,
      amount: new BigDecimal(BigInt(rng.int(100, 99_999)), AMOUNT_SCALE),
      currency: rng.pick(['USD', 'EUR', 'GBP']),
      address: new Struct(ADDRESS_SCHEMA).put('city', city).put('state', state).put('zipcode', rng.int(10_000, 99_999)),
    };
  },
};

/** Every quickstart by name. */
export const QUICKSTARTS: ReadonlyMap<string, Quickstart> = new Map([users, pageviews, orders].map((q) => [q.name, q]));
