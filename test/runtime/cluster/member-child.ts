/**
 * One worker-group member in its own process, for the test that kills a worker (SIGKILL: no
 * LeaveGroup, no revocation). Arguments: bootstrap, group id, URL, workload JSON. Prints one
 * JSON line per assignment on stdout: {"connectors":[...],"tasks":[...]}.
 */
import { WorkerGroupMember } from '../../../runtime/cluster/worker-group-member.js';
import type { Work } from '../../../runtime/cluster/protocol.js';

const [bootstrap, groupId, url, workloadJson] = process.argv.slice(2);
const workload = JSON.parse(workloadJson!) as Work;
const member = new WorkerGroupMember({
  bootstrapServers: [bootstrap!], groupId: groupId!, url: url!,
  sessionTimeoutMs: 1000, heartbeatIntervalMs: 100, rebalanceTimeoutMs: 5000,
  configOffset: () => 0,
  workload: () => ({ configOffset: 0, ...workload }),
  onAssignment: (a) => { process.stdout.write(JSON.stringify({ connectors: a.connectors, tasks: a.tasks }) + '\n'); },
  onRevoked: () => {},
});
member.start();
