/**
 * The one piece of the consumer's embedded protocol the coordinator looks into: the topics of a
 * member's subscription (OffsetDelete refuses topics an active consumer group subscribes to, and
 * offsets of topics a stable group no longer subscribes to expire, as in Kafka). Everything else
 * in group metadata stays opaque.
 *
 *   ConsumerProtocolSubscription (protocol type "consumer", any version, never flexible) =>
 *     version int16
 *     topics [string]          int32 count, then int16-length UTF-8 strings
 *     ... (user data, owned partitions, generation, rack: not read)
 */
import { Reader } from '../protocol/reader.js';

export const CONSUMER_PROTOCOL_TYPE = 'consumer';

/** The subscribed topics, or null when the bytes are not a readable subscription. */
export function subscriptionTopics(metadata: Buffer): string[] | null {
  try {
    const r = new Reader(metadata);
    const version = r.readInt16();
    if (version < 0) return null;
    const n = r.readArrayLength();
    if (n < 0 || n > r.remaining() / 2) return null;
    const topics: string[] = [];
    for (let i = 0; i < n; i++) topics.push(r.readString());
    return topics;
  } catch {
    return null;
  }
}
