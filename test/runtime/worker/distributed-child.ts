/**
 * One Connect worker in its own process, for the test that kills a worker (SIGKILL: no final
 * offset commit, no LeaveGroup). Arguments: bootstrap, settings JSON. Prints
 * {"url": ..., "workerId": ...} on stdout once started, then runs until killed.
 */
import { testWorker } from './worker-helper.js';

const [bootstrap, settingsJson] = process.argv.slice(2);
const worker = await testWorker(bootstrap!, JSON.parse(settingsJson!) as Record<string, string>);
process.stdout.write(JSON.stringify({ url: worker.url, workerId: worker.workerId }) + '\n');
