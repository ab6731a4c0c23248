/** The API handlers of the group coordinator, as one list for broker.ts to register. */
import type { ApiHandler } from '../apis/api-handler.js';
import type { BrokerContext } from '../apis/broker-context.js';
import { deleteGroupsHandler } from '../apis/delete-groups.js';
import { describeGroupsHandler } from '../apis/describe-groups.js';
import { findCoordinatorHandler } from '../apis/find-coordinator.js';
import { heartbeatHandler } from '../apis/heartbeat.js';
import { joinGroupHandler } from '../apis/join-group.js';
import { leaveGroupHandler } from '../apis/leave-group.js';
import { listGroupsHandler } from '../apis/list-groups.js';
import { offsetCommitHandler } from '../apis/offset-commit.js';
import { offsetDeleteHandler } from '../apis/offset-delete.js';
import { offsetFetchHandler } from '../apis/offset-fetch.js';
import { syncGroupHandler } from '../apis/sync-group.js';
import type { GroupCoordinator } from './coordinator.js';

export function groupHandlers(b: BrokerContext, groups: GroupCoordinator): ApiHandler[] {
  return [
    findCoordinatorHandler(b, groups), joinGroupHandler(b, groups), syncGroupHandler(b, groups), heartbeatHandler(b, groups),
    leaveGroupHandler(b, groups), describeGroupsHandler(b, groups), listGroupsHandler(b, groups), deleteGroupsHandler(b, groups),
    offsetCommitHandler(b, groups), offsetFetchHandler(b, groups), offsetDeleteHandler(b, groups),
  ];
}
