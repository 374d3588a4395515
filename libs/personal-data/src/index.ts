export { isSealedCustomer, sealCustomer, unsealCustomer, type SealedCustomer } from './sealing';
export { CUSTOMER_KEY_STORE, customerSubject, type CustomerKeyStore } from './key-store/customer-key-store';
export { EnvelopeCustomerKeyStore, parseMasterKey } from './key-store/envelope';
export { InMemoryCustomerKeyRows } from './key-store/in-memory-customer-key-rows';
export { SqliteCustomerKeyRows } from './key-store/sqlite-customer-key-rows';
export { discloseCustomer, disclosureFor, type CustomerDisclosure, type DisclosedCustomer, type StoredCustomer } from './disclosure';
export { maskIdNumber, maskName, maskPhone } from './masking';
