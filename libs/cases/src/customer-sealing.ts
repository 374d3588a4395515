import { customerSubject, isSealedCustomer, sealCustomer, type CustomerKeyStore } from '@duban/personal-data';
import type { ComplaintRegistered } from '@duban/workflow';
import type { DomainEvent, ProtectPersonalData } from '@duban/command-handling';

/**
 * Seals the customer of every ComplaintRegistered under that customer's key (created on first
 * use), bound to the complaint's stream. The only event that carries personal data; anything
 * else passes as decided.
 */
export function customerSealing(keys: CustomerKeyStore): ProtectPersonalData {
  return (stream, events) =>
    Promise.all(
      events.map(async (event: DomainEvent): Promise<DomainEvent> => {
        if (event.type !== 'ComplaintRegistered') return event;
        const { data } = event as unknown as ComplaintRegistered;
        if (isSealedCustomer(data.customer)) return event;
        const customer = data.customer;
        const key = await keys.keyFor(customerSubject(customer));
        return { ...event, data: { ...data, customer: sealCustomer(customer, key, stream) } };
      }),
    );
}
