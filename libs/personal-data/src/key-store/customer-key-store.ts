import type { CustomerKey, PlainCustomer } from '../sealing';

/**
 * Who a key belongs to. The same ID number (else the same phone) finds the same key, so erasing a
 * customer erases them in every case; without either, each complaint gets its own key.
 */
export type CustomerSubject = { kind: 'id-number' | 'phone'; value: string } | null;

/** Nest token of the process's CustomerKeyStore (PlatformModule provides it). */
export const CUSTOMER_KEY_STORE = Symbol('CUSTOMER_KEY_STORE');

/**
 * The customers' data keys, kept outside the event log. Keys are stored wrapped under the master
 * key and subjects only as a keyed hash, so the store's file alone reveals nothing; destroying a
 * key (crypto-shredding) also destroys its subject rows.
 */
export interface CustomerKeyStore {
  /** The subject's key, created on first use. */
  keyFor(subject: CustomerSubject): Promise<CustomerKey>;
  /** The key, or null when it was destroyed (or never existed). */
  keyById(keyId: string): Promise<CustomerKey | null>;
  /**
   * A keyed hash (under the master key) of personal data that must be compared but never read,
   * e.g. in an idempotent request's fingerprint: a plain hash would let anyone confirm a guess.
   */
  fingerprint(value: string): string;
  /** Destroys the key and every subject row pointing to it; destroying twice is fine. */
  destroy(keyId: string): Promise<void>;
  close(): Promise<void>;
}

/** Spaces and dashes are formatting; an ID number's check letter is the same whatever its case. */
const normaliseIdNumber = (idNumber: string): string => idNumber.replace(/[\s-]/g, '').toUpperCase();
/** Digits only, without the mainland country code: +86 138… and 138… are one phone. */
const normalisePhone = (phone: string): string => phone.replace(/\D/g, '').replace(/^(?:0086|86)(?=1\d{10}$)/, '');

export function customerSubject(customer: Pick<PlainCustomer, 'phone' | 'idNumber'>): CustomerSubject {
  const idNumber = customer.idNumber === null ? '' : normaliseIdNumber(customer.idNumber);
  if (idNumber !== '') return { kind: 'id-number', value: idNumber };
  const phone = customer.phone === null ? '' : normalisePhone(customer.phone);
  return phone === '' ? null : { kind: 'phone', value: phone };
}
