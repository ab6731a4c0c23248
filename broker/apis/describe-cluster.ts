/** DescribeCluster: this node at its advertised address, the cluster id, the controller. */
import { ErrorCode } from '../protocol/error-codes.js';
import type { DescribeClusterRequest, DescribeClusterResponse } from '../protocol/messages/describe-cluster.js';
import type { ApiHandler } from './api-handler.js';
import type { BrokerContext } from './broker-context.js';

const BROKERS_ENDPOINT = 1;

export function describeClusterHandler(b: BrokerContext): ApiHandler<DescribeClusterRequest, DescribeClusterResponse> {
  const response = (errorCode: number, errorMessage: string | null, endpointType: number): DescribeClusterResponse => {
    const a = b.advertised();
    return {
      throttleTimeMs: 0, errorCode, errorMessage, endpointType,
      clusterId: b.topics.clusterId,
      controllerId: b.nodeId,
      brokers: errorCode === ErrorCode.NONE ? [{ brokerId: b.nodeId, host: a.host, port: a.port, rack: null }] : [],
      clusterAuthorizedOperations: -2147483648,
    };
  };
  return {
    apiKey: 60,
    minVersion: 0,
    maxVersion: 1,
    handle: (req) => req.endpointType !== BROKERS_ENDPOINT
      ? response(ErrorCode.UNSUPPORTED_ENDPOINT_TYPE, `Endpoint type ${req.endpointType} is not supported: this node is a combined broker and controller; ask for brokers (1).`, req.endpointType)
      : response(ErrorCode.NONE, null, req.endpointType),
    errorResponse: (req, _ctx, code) => response(code, null, req.endpointType),
  };
}
