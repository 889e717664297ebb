import { ValidationError } from '../../functions/shared/errors';
import { expectRefusal, run, writeStore } from './write-tools';

const ADDRESS = {
  address1: '1 Ridge Road',
  address2: 'Cabin 4',
  city: 'Sisters',
  state: 'OR',
  country: 'USA',
  zip: '97759',
};

describe('modify_user_address', () => {
  it('changes the default address and returns the profile', async () => {
    // Prepare
    const store = writeStore();

    // Act
    const result = await run(store, 'modify_user_address', {
      user_id: 'ada_quill_1001',
      ...ADDRESS,
    });

    // Assess
    expect(result).toMatchObject({
      email: 'ada.quill@example.com',
      address: ADDRESS,
    });
    expect(Object.keys(result as object)).toEqual([
      'name',
      'address',
      'email',
      'payment_methods',
      'orders',
    ]);
    expect((await store.getUser('ada_quill_1001'))?.address).toEqual(ADDRESS);
  });

  it('keeps the addresses of existing orders', async () => {
    // Prepare
    const store = writeStore();

    // Act
    await run(store, 'modify_user_address', {
      user_id: 'ada_quill_1001',
      ...ADDRESS,
    });

    // Assess
    expect((await store.getOrder('#W1000002'))?.address.zip).toBe('97701');
  });

  it('finds the user by the new zip afterwards', async () => {
    // Prepare
    const store = writeStore();

    // Act
    await run(store, 'modify_user_address', {
      user_id: 'ada_quill_1001',
      ...ADDRESS,
    });

    // Assess
    expect(await store.findUserIdByNameZip('Ada', 'Quill', '97759')).toBe(
      'ada_quill_1001',
    );
  });

  it('refuses an unknown user', async () => {
    // Act
    const call = run(writeStore(), 'modify_user_address', {
      user_id: 'zed_nobody_9999',
      ...ADDRESS,
    });

    // Assess
    await expectRefusal(call, 'user not found');
  });

  it('rejects an address without a city, naming the field', async () => {
    // Act
    const call = run(writeStore(), 'modify_user_address', {
      user_id: 'ada_quill_1001',
      ...ADDRESS,
      city: '',
    });

    // Assess
    await expect(call).rejects.toThrow(ValidationError);
    await expect(call).rejects.toThrow('city: city is required');
  });
});
