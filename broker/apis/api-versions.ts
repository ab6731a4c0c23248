/**
 * ApiVersions: the list of APIs and version ranges this broker accepts. Clients pick the highest
 * version both sides know. An unsupported ApiVersions version is answered (by the network layer)
 * with a v0 body carrying UNSUPPORTED_VERSION and the full list, so the client can retry lower.
 */
import { Writer } from '../protocol/writer.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { type ApiVersionsRequest, type ApiVersionsResponse, writeApiVersionsResponse } from '../protocol/messages/api-versions.js';
import { writeResponseHeader } from '../protocol/messages/headers.js';
import type { ApiHandler } from './api-handler.js';

/** Produce's API key: advertised from version 0 although only 3+ is served (see below). */
const PRODUCE = 0;

export function apiVersionsHandler(list: () => ReadonlyArray<ApiHandler>): ApiHandler<ApiVersionsRequest, ApiVersionsResponse> {
  // As Kafka 4.0 does (KAFKA-18659): Produce is advertised from v0 although v0-2 requests are
  // refused like any unsupported version. librdkafka before 2.8 checks its compression features
  // for "Produce v2 supported" and silently sends gzip, snappy and lz4 batches uncompressed when
  // a broker's minimum is 3; clients pick the highest common version, so none ever sends v0-2.
  const keys = (): ApiVersionsResponse['apiKeys'] =>
    list().map((h) => ({ apiKey: h.apiKey, minVersion: h.apiKey === PRODUCE ? 0 : h.minVersion, maxVersion: h.maxVersion }))
      .sort((a, b) => a.apiKey - b.apiKey);
  const response = (errorCode: number): ApiVersionsResponse => ({
    errorCode,
    apiKeys: keys(),
    throttleTimeMs: 0,
    supportedFeatures: [],
    finalizedFeaturesEpoch: -1,
    finalizedFeatures: [],
    zkMigrationReady: false,
  });
  return {
    apiKey: 18,
    minVersion: 0,
    maxVersion: 3,
    handle: () => response(ErrorCode.NONE),
    errorResponse: (_req, _ctx, code) => response(code),
  };
}

/** The complete response frame body (header v0 + ApiVersions v0 body) for an unsupported version. */
export function unsupportedApiVersionsResponse(handler: ApiHandler<ApiVersionsRequest, ApiVersionsResponse>, correlationId: number): Buffer[] {
  const w = new Writer();
  writeResponseHeader(w, 0, { correlationId });
  writeApiVersionsResponse(w, 0, handler.errorResponse({ clientSoftwareName: '', clientSoftwareVersion: '' }, undefined as never, ErrorCode.UNSUPPORTED_VERSION));
  return w.toChunks();
}
