/**
 * DescribeGroups: state, protocol type, protocol and members of each group (member metadata and
 * assignments only while Stable, as Kafka); an unknown group is "Dead" with no error.
 */
import type { DescribeGroupsRequest, DescribeGroupsResponse } from '../protocol/messages/describe-groups.js';
import type { GroupCoordinator } from '../group/coordinator.js';
import type { ApiHandler } from './api-handler.js';
import type { BrokerContext } from './broker-context.js';

const NO_AUTHORIZED_OPERATIONS = -2147483648;

export function describeGroupsHandler(_b: BrokerContext, groups: GroupCoordinator): ApiHandler<DescribeGroupsRequest, DescribeGroupsResponse> {
  return {
    apiKey: 15,
    minVersion: 0,
    maxVersion: 5,
    handle: (req) => ({
      throttleTimeMs: 0,
      groups: groups.describeGroups(req.groups).map((d) => ({
        errorCode: d.errorCode, groupId: d.groupId, groupState: d.state, protocolType: d.protocolType, protocolData: d.protocol,
        members: d.members.map((m) => ({
          memberId: m.memberId, groupInstanceId: m.groupInstanceId, clientId: m.clientId, clientHost: m.clientHost,
          memberMetadata: m.metadata, memberAssignment: m.assignment,
        })),
        authorizedOperations: NO_AUTHORIZED_OPERATIONS,
      })),
    }),
    errorResponse: (req, _ctx, errorCode) => ({
      throttleTimeMs: 0,
      groups: req.groups.map((groupId) => ({ errorCode, groupId, groupState: '', protocolType: '', protocolData: '', members: [], authorizedOperations: NO_AUTHORIZED_OPERATIONS })),
    }),
  };
}
