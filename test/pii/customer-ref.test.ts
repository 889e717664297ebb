import { createHmac } from 'node:crypto';
import { GenerateMacCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { InvariantError, TransientError } from '../../functions/shared/errors';
import {
  clearCustomerRefCache,
  customerRef,
} from '../../functions/shared/pii/customer-ref';
import { CustomerRefSchema } from '../../schemas/ids';
import { fakeMacs } from '../support/kms';

const kms = mockClient(KMSClient);
const KEY_ID = process.env.CUSTOMER_REF_KEY_ID;
const PHONE = '+447700900123';

const kmsError = (name: string, httpStatusCode: number) =>
  Object.assign(new Error(name), { name, $metadata: { httpStatusCode } });

beforeEach(() => {
  kms.reset();
  clearCustomerRefCache();
  fakeMacs(kms);
});

afterEach(() => {
  process.env.CUSTOMER_REF_KEY_ID = KEY_ID;
});

describe('customerRef', () => {
  it('returns cref_ and the base64url MAC KMS makes of both ids', async () => {
    // Prepare
    const mac = createHmac('sha256', 'k').update('m').digest();
    kms.reset();
    kms.on(GenerateMacCommand).resolves({ Mac: new Uint8Array(mac) });

    // Act
    const ref = await customerRef('acme', PHONE);

    // Assess
    expect(ref).toBe(`cref_${mac.toString('base64url')}`);
    expect(CustomerRefSchema.parse(ref)).toBe(ref);
    const [call] = kms.commandCalls(GenerateMacCommand);
    expect(call?.args[0].input).toEqual({
      KeyId: KEY_ID,
      MacAlgorithm: 'HMAC_SHA_256',
      Message: Buffer.from(JSON.stringify(['acme', PHONE]), 'utf8'),
    });
  });

  it('returns the same reference for the same tenant and customer', async () => {
    // Prepare
    const first = await customerRef('acme', PHONE);
    clearCustomerRefCache();

    // Act
    const second = await customerRef('acme', PHONE);

    // Assess
    expect(second).toBe(first);
    expect(kms.commandCalls(GenerateMacCommand)).toHaveLength(2);
  });

  it.each([
    ['another customer', 'acme', '+447700900124'],
    ['the same customer id at another tenant', 'globex', PHONE],
    ['ids that join to the same text', 'acm', `e${PHONE}`],
  ])('returns another reference for %s', async (_case, tenant, customer) => {
    // Prepare
    const first = await customerRef('acme', PHONE);

    // Act
    const second = await customerRef(tenant, customer);

    // Assess
    expect(second).not.toBe(first);
  });

  it('asks KMS once per customer in a warm container', async () => {
    // Act
    const refs = [
      await customerRef('acme', PHONE),
      await customerRef('acme', PHONE),
      await customerRef('acme', 'cust-2'),
    ];

    // Assess
    expect(refs[1]).toBe(refs[0]);
    expect(kms.commandCalls(GenerateMacCommand)).toHaveLength(2);
  });

  it('fails closed when CUSTOMER_REF_KEY_ID is not set', async () => {
    // Prepare
    delete process.env.CUSTOMER_REF_KEY_ID;

    // Act
    const ref = customerRef('acme', PHONE);

    // Assess
    await expect(ref).rejects.toBeInstanceOf(InvariantError);
    await expect(ref).rejects.toThrow(
      /CUSTOMER_REF_KEY_ID is not set: .* cannot be named in analytics/,
    );
    expect(kms.calls()).toHaveLength(0);
  });

  it.each([
    ['throttling', kmsError('ThrottlingException', 400)],
    ['a KMS outage', kmsError('KMSInternalException', 500)],
    ['an unavailable key', kmsError('KeyUnavailableException', 500)],
  ])('throws TransientError on %s', async (_case, error) => {
    // Prepare
    kms.reset();
    kms.on(GenerateMacCommand).rejects(error);

    // Act
    const ref = customerRef('acme', PHONE);

    // Assess
    await expect(ref).rejects.toBeInstanceOf(TransientError);
  });

  it('passes a refusal that a retry cannot fix through as it is', async () => {
    // Prepare
    kms.reset();
    const refused = kmsError('InvalidKeyUsageException', 400);
    kms.on(GenerateMacCommand).rejects(refused);

    // Act
    const ref = customerRef('acme', PHONE);

    // Assess
    await expect(ref).rejects.toBe(refused);
  });

  it('throws InvariantError when KMS returns no 256-bit MAC', async () => {
    // Prepare
    kms.reset();
    kms.on(GenerateMacCommand).resolves({ Mac: new Uint8Array(16) });

    // Act
    const ref = customerRef('acme', PHONE);

    // Assess
    await expect(ref).rejects.toBeInstanceOf(InvariantError);
  });
});
