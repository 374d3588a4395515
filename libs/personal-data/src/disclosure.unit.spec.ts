import { randomBytes } from 'node:crypto';
import { discloseCustomer, disclosureFor } from './disclosure';
import { customerSubject } from './key-store/customer-key-store';
import { EnvelopeCustomerKeyStore } from './key-store/envelope';
import { InMemoryCustomerKeyRows } from './key-store/in-memory-customer-key-rows';
import { sealCustomer, type PlainCustomer } from './sealing';

const CUSTOMER: PlainCustomer = { name: '测试甲乙', phone: '13800000000', idNumber: '990101199001011234' };
const STREAM = 'complaint-c-1';
const MASKED = { name: '测**', phone: '138****0000', idNumber: '990101********1234', masked: true, erased: false };
const ERASED = { name: null, phone: null, idNumber: null, masked: false, erased: true };

describe('who sees the customer', () => {
  it.each([
    ['handler', 'full'],
    ['unit_head', 'full'],
    ['supervisor', 'full'],
    ['inspector', 'masked'],
    ['auditor', 'masked'],
    ['admin', 'masked'],
    ['system', 'masked'],
    ['a-role-added-later', 'masked'],
  ])('%s: %s', (role, disclosure) => expect(disclosureFor(role)).toBe(disclosure));
});

describe('disclosing a stored customer', () => {
  const keys = new EnvelopeCustomerKeyStore(randomBytes(32), new InMemoryCustomerKeyRows());
  const viewer = (role: string, erased = false) => ({ role, erased, boundTo: STREAM, keys });

  it('unseals for those who work the case and masks for the others', async () => {
    const sealed = sealCustomer(CUSTOMER, await keys.keyFor(customerSubject(CUSTOMER)), STREAM);
    expect(await discloseCustomer(sealed, viewer('handler'))).toEqual({ ...CUSTOMER, masked: false, erased: false });
    expect(await discloseCustomer(sealed, viewer('auditor'))).toEqual(MASKED);
  });

  it('reads a legacy plain customer the same way', async () => {
    expect(await discloseCustomer(CUSTOMER, viewer('supervisor'))).toEqual({ ...CUSTOMER, masked: false, erased: false });
    expect(await discloseCustomer({ ...CUSTOMER, phone: null, idNumber: null }, viewer('inspector'))).toEqual({ ...MASKED, phone: null, idNumber: null });
  });

  it('shows the erased marker, never an error, once erased or once the key is gone', async () => {
    const key = await keys.keyFor(null);
    const sealed = sealCustomer(CUSTOMER, key, STREAM);
    expect(await discloseCustomer(sealed, viewer('handler', true))).toEqual(ERASED);
    expect(await discloseCustomer(CUSTOMER, viewer('auditor', true))).toEqual(ERASED);
    await keys.destroy(key.keyId);
    for (const role of ['handler', 'auditor']) expect(await discloseCustomer(sealed, viewer(role))).toEqual(ERASED);
  });
});
