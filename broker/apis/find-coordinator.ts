/**
 * FindCoordinator: this node coordinates every group (key type 0). Transaction coordinators (key
 * type 1) do not exist yet: COORDINATOR_NOT_AVAILABLE with a message. v4+ batches keys
 * (`coordinatorKeys`); v0-3 ask for one key. Asking for a group coordinator creates
 * `__consumer_offsets` if it is missing, as Kafka does.
 */
import { ErrorCode } from '../protocol/error-codes.js';
import type { FindCoordinatorRequest, FindCoordinatorResponse } from '../protocol/messages/find-coordinator.js';
import type { GroupCoordinator } from '../group/coordinator.js';
import type { ApiHandler } from './api-handler.js';
import type { BrokerContext } from './broker-context.js';

const GROUP_KEY = 0;
const TRANSACTION_KEY = 1;

interface Found { errorCode: number; errorMessage: string | null; nodeId: number; host: string; port: number }

export function findCoordinatorHandler(b: BrokerContext, groups: GroupCoordinator): ApiHandler<FindCoordinatorRequest, FindCoordinatorResponse> {
  const failed = (errorCode: number, errorMessage: string | null): Found => ({ errorCode, errorMessage, nodeId: -1, host: '', port: -1 });
  const find = (keyType: number): Found => {
    if (keyType === TRANSACTION_KEY) return failed(ErrorCode.COORDINATOR_NOT_AVAILABLE, 'This broker has no transaction coordinator: transactions are not supported yet.');
    if (keyType !== GROUP_KEY) return failed(ErrorCode.INVALID_REQUEST, `Unknown coordinator key type ${keyType}: expected 0 (group) or 1 (transaction).`);
    const errorCode = groups.prepareGroupCoordinator();
    if (errorCode !== ErrorCode.NONE) return failed(errorCode, 'The group coordinator is not available.');
    const a = b.advertised();
    return { errorCode: ErrorCode.NONE, errorMessage: null, nodeId: b.nodeId, host: a.host, port: a.port };
  };
  const response = (ctx: { apiVersion: number }, keys: string[], one: (key: string) => Found): FindCoordinatorResponse => {
    if (ctx.apiVersion >= 4) {
      return { throttleTimeMs: 0, errorCode: 0, errorMessage: null, nodeId: 0, host: '', port: 0, coordinators: keys.map((key) => ({ key, ...one(key) })) };
    }
    return { throttleTimeMs: 0, ...one(keys[0] ?? ''), coordinators: [] };
  };
  return {
    apiKey: 10,
    minVersion: 0,
    maxVersion: 4,
    handle: (req, ctx) => response(ctx, ctx.apiVersion >= 4 ? req.coordinatorKeys : [req.key], () => find(req.keyType)),
    errorResponse: (req, ctx, code) => response(ctx, ctx.apiVersion >= 4 ? req.coordinatorKeys : [req.key], () => failed(code, null)),
  };
}
