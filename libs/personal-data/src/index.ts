export { maskIdNumber, maskName, maskPhone } from './masking';
export { isSealedCustomer, sealCustomer, unsealCustomer, type CustomerKey, type PlainCustomer, type SealedCustomer } from './sealing';
export { CUSTOMER_KEY_STORE, customerSubject, type CustomerKeyStore, type CustomerSubject } from './key-store/customer-key-store';
export { EnvelopeCustomerKeyStore, parseMasterKey, type CustomerKeyRows, type StoredKeyRow } from './key-store/envelope';
export { InMemoryCustomerKeyRows } from './key-store/in-memory-customer-key-rows';
export { SqliteCustomerKeyRows } from './key-store/sqlite-customer-key-rows';
export { CUSTOMER_DISCLOSURE_ROLES, discloseCustomer, disclosureFor, type CustomerDisclosure, type DisclosedCustomer, type StoredCustomer } from './disclosure';
