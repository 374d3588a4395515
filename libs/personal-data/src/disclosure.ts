import type { CustomerKeyStore } from './key-store/customer-key-store';
import { maskIdNumber, maskName, maskPhone } from './masking';
import { isSealedCustomer, unsealCustomer, type PlainCustomer, type SealedCustomer } from './sealing';

/** What an event holds: sealed, or plain when it was recorded before sealing existed (legacy). */
export type StoredCustomer = SealedCustomer | PlainCustomer;

/** The customer as one viewer may see them; after erasure every field is null for everyone. */
export type DisclosedCustomer = { name: string | null; phone: string | null; idNumber: string | null; masked: boolean; erased: boolean };

export type CustomerDisclosure = 'full' | 'masked';

/**
 * Who sees the customer in full: the people who work the case and must call the customer back —
 * the handler and their line (unit head, supervisor). Inspectors, auditors and admins check how
 * cases are handled, not whom to call, so they see the documents' masking (陈**, 138****0000);
 * any role not listed (one added later) is masked too.
 */
export const CUSTOMER_DISCLOSURE_ROLES: readonly string[] = ['handler', 'unit_head', 'supervisor'];

export function disclosureFor(role: string): CustomerDisclosure {
  return CUSTOMER_DISCLOSURE_ROLES.includes(role) ? 'full' : 'masked';
}

const ERASED: DisclosedCustomer = { name: null, phone: null, idNumber: null, masked: false, erased: true };

const masked = (customer: PlainCustomer): DisclosedCustomer => ({
  name: maskName(customer.name),
  phone: customer.phone === null ? null : maskPhone(customer.phone),
  idNumber: customer.idNumber === null ? null : maskIdNumber(customer.idNumber),
  masked: true,
  erased: false,
});

/**
 * Opens the stored customer for a viewer: its key unseals it (bound to `boundTo`, the stream it was
 * sealed for), then the role's disclosure applies. An erased customer, or one whose key is gone,
 * is the erased marker, never an error.
 */
export async function discloseCustomer(stored: StoredCustomer, viewer: { role: string; erased: boolean; boundTo: string; keys: CustomerKeyStore }): Promise<DisclosedCustomer> {
  if (viewer.erased) return ERASED;
  let plain: PlainCustomer;
  if (isSealedCustomer(stored)) {
    const key = await viewer.keys.keyById(stored.keyId);
    if (key === null) return ERASED;
    plain = unsealCustomer(stored, key, viewer.boundTo);
  } else plain = stored;
  return disclosureFor(viewer.role) === 'full' ? { ...plain, masked: false, erased: false } : masked(plain);
}
