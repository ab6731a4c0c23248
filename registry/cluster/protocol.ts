/**
 * The leader-election protocol registry instances speak through the Kafka group protocol, in
 * Confluent's format so mixed groups agree: protocol type "sr", one subprotocol "v0".
 *
 *   member metadata  {"version":1,"host":H,"port":P,"master_eligibility":B,"scheme":"http"}
 *   assignment       {"version":1,"error":E,"master":MEMBER_ID,"master_identity":{...}}
 *                    (the same for every member; E=1 when two members share one URL)
 *
 * The group's leader (Kafka's, who computes the assignment) picks the registry leader: the
 * current registry leader if it is still an eligible member (so a join does not move
 * leadership), else the eligible member with the smallest member id.
 */

export const PROTOCOL_TYPE = 'sr';
export const SUBPROTOCOL = 'v0';
export const NO_ERROR = 0;
export const DUPLICATE_URLS = 1;

export interface Identity {
  readonly host: string;
  readonly port: number;
  readonly leaderEligibility: boolean;
  readonly scheme: string;
}

export interface Assignment {
  readonly error: number;
  readonly leaderMemberId: string | null;
  readonly leader: Identity | null;
}

export function identityUrl(i: Identity): string {
  const host = i.host.includes(':') ? `[${i.host}]` : i.host;
  return `${i.scheme}://${host}:${i.port}`;
}

/** An identity as JSON: the member metadata, and `master_identity` inside an assignment. */
function identityJson(i: Identity): Record<string, unknown> {
  return { version: 1, host: i.host, port: i.port, master_eligibility: i.leaderEligibility, scheme: i.scheme };
}

function identityFrom(value: unknown): Identity | null {
  const o = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (typeof o.host !== 'string' || !Number.isInteger(o.port)) return null;
  return { host: o.host, port: o.port as number, leaderEligibility: o.master_eligibility !== false, scheme: typeof o.scheme === 'string' ? o.scheme : 'http' };
}

export function encodeIdentity(i: Identity): Buffer {
  return Buffer.from(JSON.stringify(identityJson(i)));
}

export function decodeIdentity(b: Buffer | null): Identity | null {
  if (!b || b.length === 0) return null;
  try {
    return identityFrom(JSON.parse(b.toString('utf8')));
  } catch {
    return null;
  }
}

export function encodeAssignment(a: Assignment): Buffer {
  return Buffer.from(JSON.stringify({
    version: 1, error: a.error,
    ...(a.leaderMemberId !== null ? { master: a.leaderMemberId } : {}),
    ...(a.leader ? { master_identity: identityJson(a.leader) } : {}),
  }));
}

export function decodeAssignment(b: Buffer | null): Assignment {
  if (!b || b.length === 0) return { error: NO_ERROR, leaderMemberId: null, leader: null };
  const o = JSON.parse(b.toString('utf8')) as Record<string, unknown>;
  const leader = o.master_identity ? identityFrom(o.master_identity) : null;
  return { error: typeof o.error === 'number' ? o.error : NO_ERROR, leaderMemberId: typeof o.master === 'string' ? o.master : null, leader };
}

/** The assignment every member gets, from the members' metadata (and the current leader's URL, if any). */
export function assign(members: readonly { memberId: string; metadata: Buffer | null }[], currentLeaderUrl: string | null): Assignment {
  const known = members.map((m) => ({ memberId: m.memberId, identity: decodeIdentity(m.metadata) })).filter((m) => m.identity !== null) as { memberId: string; identity: Identity }[];
  const urls = known.map((m) => identityUrl(m.identity));
  if (new Set(urls).size !== urls.length) return { error: DUPLICATE_URLS, leaderMemberId: null, leader: null };
  const eligible = known.filter((m) => m.identity.leaderEligibility).sort((a, b) => (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0));
  const chosen = eligible.find((m) => identityUrl(m.identity) === currentLeaderUrl) ?? eligible[0];
  return chosen ? { error: NO_ERROR, leaderMemberId: chosen.memberId, leader: chosen.identity } : { error: NO_ERROR, leaderMemberId: null, leader: null };
}
