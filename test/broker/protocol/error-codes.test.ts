import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCode, errorInfo } from '../../../broker/protocol/error-codes.js';

describe('error codes', () => {
  it('has the well-known codes', () => {
    assert.equal(ErrorCode.NONE, 0);
    assert.equal(ErrorCode.UNKNOWN_SERVER_ERROR, -1);
    assert.equal(ErrorCode.OFFSET_OUT_OF_RANGE, 1);
    assert.equal(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, 3);
    assert.equal(ErrorCode.NOT_LEADER_OR_FOLLOWER, 6);
    assert.equal(ErrorCode.UNSUPPORTED_VERSION, 35);
    assert.equal(ErrorCode.TOPIC_ALREADY_EXISTS, 36);
    assert.equal(ErrorCode.POSITION_OUT_OF_RANGE, 99);
    assert.equal(ErrorCode.UNKNOWN_TOPIC_ID, 100);
  });

  it('codes and names are unique and errorInfo agrees with ErrorCode', () => {
    const codes = Object.values(ErrorCode);
    assert.equal(new Set(codes).size, codes.length);
    for (const [name, code] of Object.entries(ErrorCode)) {
      const info = errorInfo(code);
      assert.equal(info.name, name);
      assert.equal(info.code, code);
      assert.equal(info.message, info.message.trim());
      if (code !== 0) assert.ok(info.message.length > 0, name);
    }
  });

  it('marks the errors Kafka clients retry', () => {
    for (const name of ['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE', 'NOT_LEADER_OR_FOLLOWER', 'REQUEST_TIMED_OUT',
      'NOT_ENOUGH_REPLICAS', 'COORDINATOR_LOAD_IN_PROGRESS', 'COORDINATOR_NOT_AVAILABLE', 'NOT_COORDINATOR',
      'NETWORK_EXCEPTION', 'CORRUPT_MESSAGE', 'KAFKA_STORAGE_ERROR', 'FETCH_SESSION_ID_NOT_FOUND'] as const) {
      assert.equal(errorInfo(ErrorCode[name]).retriable, true, name);
    }
    for (const name of ['NONE', 'UNKNOWN_SERVER_ERROR', 'OFFSET_OUT_OF_RANGE', 'TOPIC_ALREADY_EXISTS', 'UNSUPPORTED_VERSION',
      'REBALANCE_IN_PROGRESS', 'ILLEGAL_GENERATION', 'UNKNOWN_MEMBER_ID', 'INVALID_TOPIC_EXCEPTION', 'MESSAGE_TOO_LARGE'] as const) {
      assert.equal(errorInfo(ErrorCode[name]).retriable, false, name);
    }
  });

  it('maps unknown codes to UNKNOWN_SERVER_ERROR, as Kafka does', () => {
    assert.equal(errorInfo(12345).name, 'UNKNOWN_SERVER_ERROR');
    assert.equal(errorInfo(-2).code, -1);
  });
});
