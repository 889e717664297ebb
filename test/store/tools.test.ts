import { ASSISTANT_TOOLS } from '../../functions/act/assistant-tools';
import { ToolError } from '../../functions/shared/store/errors';
import { MemoryStore } from '../../functions/shared/store/memory';
import {
  getOrderDetails,
  getProductDetails,
  getUserDetails,
  STORE_TOOLS,
} from '../../functions/shared/store/tools';
import { TOOL_CATALOGUE } from '../../functions/shared/tool-catalogue';
import { TRANSFER_TOOL } from '../../functions/shared/transfer';
import { storeJson } from './fixtures';

let store: MemoryStore;

beforeEach(() => {
  store = MemoryStore.fromJson(storeJson());
});

describe('STORE_TOOLS', () => {
  it('implements every store tool of the catalogue, under its name', () => {
    // Prepare: the assistant's own tools run without the store
    const assistant = [...Object.keys(ASSISTANT_TOOLS), TRANSFER_TOOL];
    const storeTools = Object.keys(TOOL_CATALOGUE).filter(
      (name) => !assistant.includes(name),
    );

    // Act
    const implemented = Object.keys(STORE_TOOLS);

    // Assess
    expect(implemented.sort()).toEqual(storeTools.sort());
    for (const [name, tool] of Object.entries(STORE_TOOLS)) {
      expect(tool.name).toBe(name);
    }
  });

  it('previews exactly the tools the catalogue marks as writes', () => {
    // Prepare
    const writes = Object.values(TOOL_CATALOGUE)
      .filter((tool) => tool.risk !== 'read')
      .map((tool) => tool.name);

    // Act
    const previewed = Object.values(STORE_TOOLS)
      .filter((tool) => tool.preview)
      .map((tool) => tool.name);

    // Assess
    expect(previewed.sort()).toEqual(writes.sort());
    expect(writes).toHaveLength(7);
  });
});

describe('store tools', () => {
  it.each([
    [
      'find_user_id_by_email',
      { email: 'BEN.marlow@example.com' },
      'ben_marlow_2002',
    ],
    [
      'find_user_id_by_name_zip',
      { first_name: 'ada', last_name: 'quill', zip: '97701' },
      'ada_quill_1001',
    ],
    [
      'list_all_product_types',
      {},
      { 'Camp Cup': '2222222222', 'Trail Lantern': '1111111111' },
    ],
  ])('%s returns what τ-bench returns', async (name, input, expected) => {
    // Act
    const result = await STORE_TOOLS[name].run(store, input);

    // Assess
    expect(result).toEqual(expected);
  });

  it('get_user_details returns the user with gift card balances in dollars', async () => {
    // Act
    const result = await getUserDetails.run(store, {
      user_id: 'ada_quill_1001',
    });

    // Assess
    expect(result).toEqual(storeJson().users.ada_quill_1001);
  });

  it('get_order_details returns the order with money in dollars', async () => {
    // Act
    const result = await getOrderDetails.run(store, { order_id: '#W1000001' });

    // Assess
    expect(result).toEqual(storeJson().orders['#W1000001']);
    expect(JSON.stringify(result)).toContain('"price":0.29');
    expect(JSON.stringify(result)).toContain('"amount":20.28');
  });

  it('get_product_details returns the product with prices in dollars', async () => {
    // Act
    const result = await getProductDetails.run(store, {
      product_id: '1111111111',
    });

    // Assess
    expect(result).toEqual(storeJson().products['1111111111']);
  });

  it.each([
    [
      'find_user_id_by_email',
      { email: 'nobody@example.com' },
      'user not found',
    ],
    [
      'find_user_id_by_name_zip',
      { first_name: 'Ada', last_name: 'Quill', zip: '00000' },
      'user not found',
    ],
    ['get_user_details', { user_id: 'zed_nobody_9999' }, 'user not found'],
    ['get_order_details', { order_id: '#W9999999' }, 'order not found'],
    ['get_product_details', { product_id: '9999999999' }, 'product not found'],
  ])(
    '%s throws a ToolError when nothing matches',
    async (name, input, message) => {
      // Act
      const run = STORE_TOOLS[name].run(store, input);

      // Assess
      await expect(run).rejects.toThrow(ToolError);
      await expect(run).rejects.toThrow(message);
    },
  );
});
