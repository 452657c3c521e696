import mongoose from 'mongoose';
import { isStorageUnreachable } from './storage-unavailable';

const { mongo } = mongoose;

describe('isStorageUnreachable', () => {
  it('knows the driver errors that mean no server could be reached, also as a cause', () => {
    expect(isStorageUnreachable(new mongo.MongoNetworkError('connect ECONNREFUSED 127.0.0.1:1'))).toBe(true);
    expect(isStorageUnreachable(new mongo.MongoNotConnectedError('not connected'))).toBe(true);
    const wrapped = new Error('lookup failed', { cause: new mongo.MongoNetworkError('socket closed') });
    expect(isStorageUnreachable(wrapped)).toBe(true);
    const buffered = new mongoose.Error('Operation `leads.findOne()` buffering timed out after 1000ms');
    expect(isStorageUnreachable(buffered)).toBe(true);
  });

  it('leaves a server that answered, and anything else, to the other mappings', () => {
    expect(
      isStorageUnreachable(new mongo.MongoServerError({ message: 'E11000 duplicate key', code: 11000 })),
    ).toBe(false);
    expect(isStorageUnreachable(new mongoose.Error('something else'))).toBe(false);
    expect(isStorageUnreachable(new Error('connect ECONNREFUSED'))).toBe(false);
    expect(isStorageUnreachable('MongoNetworkError')).toBe(false);
  });
});
