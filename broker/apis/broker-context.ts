/** What every API handler may use: settings, topics and logs, this node's identity, the log. */
import type { BrokerConfig } from '../config/broker-config.js';
import type { TopicManager } from '../topics/topic-manager.js';
import type { Logger } from '../util/logger.js';

export interface BrokerContext {
  readonly config: BrokerConfig;
  readonly topics: TopicManager;
  readonly nodeId: number;
  /** Host and port clients are told to connect to (Metadata, DescribeCluster). */
  advertised(): { host: string; port: number };
  readonly log: Logger;
}
