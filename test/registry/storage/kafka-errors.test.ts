// Reading @platformatic/kafka's nested errors: the Kafka error name, the member id a JoinGroup
// error hands out, and the innermost message, wherever they sit in errors[] and causes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeKafkaError, kafkaErrorMemberId, kafkaErrorName } from '../../../registry/storage/kafka-errors.js';

const kafkaError = (message: string, fields: Record<string, unknown>): Error => Object.assign(new Error(message), fields);

describe('kafka-errors', () => {
  const inner = kafkaError('The group member needs to have a valid member id', { apiId: 'MEMBER_ID_REQUIRED', memberId: 'm-1' });
  const nested = new AggregateError([kafkaError('ok', { apiId: 'NONE', memberId: '' }), inner], 'Received response with error while executing API JoinGroup(v9)');
  const wrapped = new Error('request failed', { cause: nested });

  it('finds the first Kafka error name and member id, skipping NONE and empty ones', () => {
    assert.equal(kafkaErrorName(wrapped), 'MEMBER_ID_REQUIRED');
    assert.equal(kafkaErrorMemberId(wrapped), 'm-1');
    assert.equal(kafkaErrorName(new Error('plain')), undefined);
    assert.equal(kafkaErrorMemberId(new Error('plain')), undefined);
    assert.equal(kafkaErrorName('not an error'), undefined);
  });

  it('describes an error by its innermost message, with the Kafka name added once', () => {
    assert.equal(describeKafkaError(wrapped), 'The group member needs to have a valid member id (MEMBER_ID_REQUIRED)');
    assert.equal(describeKafkaError(kafkaError('TOPIC_ALREADY_EXISTS: exists', { apiId: 'TOPIC_ALREADY_EXISTS' })), 'TOPIC_ALREADY_EXISTS: exists');
  });

  it('survives cycles', () => {
    const a = new Error('a') as Error & { cause?: unknown };
    a.cause = a;
    assert.equal(kafkaErrorName(a), undefined);
  });
});
