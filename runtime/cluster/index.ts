/**
 * Several workers with the same `group.id` form one Connect cluster through the Kafka group
 * protocol: one leader spreads connectors and tasks over the members (sticky, balanced), every
 * member runs what it was given and knows the leader's URL.
 */
export { WorkerGroupMember, type WorkerAssignment, type WorkerGroupOptions, type Workload } from './worker-group-member.js';
export { assignWork, type MemberAssignment, type MemberWork } from './assignor.js';
export { CONFIG_MISMATCH, PROTOCOL_TYPE, SUBPROTOCOL, type Work } from './protocol.js';
