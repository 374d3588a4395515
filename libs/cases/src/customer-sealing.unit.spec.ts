import { randomBytes } from 'node:crypto';
import { EnvelopeCustomerKeyStore, InMemoryCustomerKeyRows, isSealedCustomer, unsealCustomer, type SealedCustomer } from '@duban/personal-data';
import type { DomainEvent } from '@duban/command-handling';
import type { EventEnvelope, JsonObject } from '@duban/workflow';
import { customerSealing } from './customer-sealing';

const CUSTOMER = { name: '测试甲乙', phone: '13800000000', idNumber: null };
const meta = { occurredAt: '2026-11-20T01:00:00.000Z', actorId: 'handler.haicheng' };
const registered: EventEnvelope = { type: 'ComplaintRegistered', schemaVersion: 1, data: { complaintId: 'c-1', customer: CUSTOMER, description: '排队时间过长', ...meta } };
const clockStarted: EventEnvelope = { type: 'ClockStarted', schemaVersion: 1, data: { clockId: 'reply', ...meta } };

const dataOf = (event: DomainEvent): JsonObject => event.data as JsonObject;

describe('customerSealing', () => {
  const keys = new EnvelopeCustomerKeyStore(randomBytes(32), new InMemoryCustomerKeyRows());
  const seal = customerSealing(keys);

  it("seals a registration's customer under the customer's key, bound to the stream, and leaves the rest as decided", async () => {
    const [sealedRegistration, clock] = await seal('complaint-c-1', [registered, clockStarted]);
    const stored = dataOf(sealedRegistration).customer as SealedCustomer;
    expect(isSealedCustomer(stored)).toBe(true);
    expect(JSON.stringify(sealedRegistration)).not.toContain(CUSTOMER.name);
    expect({ ...dataOf(sealedRegistration), customer: undefined }).toEqual({ ...registered.data, customer: undefined });
    expect(unsealCustomer(stored, (await keys.keyById(stored.keyId))!, 'complaint-c-1')).toEqual(CUSTOMER);
    expect(clock).toBe(clockStarted);
  });

  it('gives the same customer the same key, and seals nothing twice', async () => {
    const [first] = await seal('complaint-c-1', [registered]);
    const [second] = await seal('complaint-c-2', [registered]);
    expect((dataOf(first).customer as SealedCustomer).keyId).toBe((dataOf(second).customer as SealedCustomer).keyId);
    expect((await seal('complaint-c-1', [first]))[0]).toBe(first);
  });
});
