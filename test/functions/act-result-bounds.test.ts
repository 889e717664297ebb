import { act } from '../../functions/act/act';
import {
  boundedJson,
  MAX_RESULT_CHARS,
  MAX_TURN_RESULT_BYTES,
  TURN_RESULTS_FULL,
  withinTurnBudget,
} from '../../functions/act/result';
import { MAX_TOOL_CALLS_PER_ROUND } from '../../functions/act/round-limit';
import { decodeStoreJson } from '../../functions/shared/store/json';
import type { Product } from '../../schemas/store';
import { storeJson } from '../store/fixtures';
import {
  call,
  deps,
  givenTurn,
  REF,
  setUp,
  store,
  storedCalls,
} from './act-world';

/** Tool results are cut to fit one result's and one turn's limits. */
beforeEach(setUp);

describe('act', () => {
  it('bounds a long result and says it was cut', async () => {
    // Prepare
    const [product] = Object.values(decodeStoreJson(storeJson()).products);
    const big: Product = { ...product, variants: manyVariants(300) };
    jest.spyOn(store, 'getProduct').mockResolvedValue(big);
    givenTurn([
      call({
        name: 'get_product_details',
        input: { product_id: '1111111111' },
      }),
    ]);

    // Act
    await act(REF, deps());

    // Assess
    const [stored] = storedCalls();
    expect(stored.status).toBe('succeeded');
    expect(stored.result?.length).toBeLessThanOrEqual(MAX_RESULT_CHARS);
    const result = JSON.parse(stored.result ?? '');
    expect(result.truncated).toBe(true);
    expect(result.note).toContain('was cut');
  });

  it('keeps all the results of a turn within its byte budget', async () => {
    // Prepare: earlier rounds stored results of multi-byte text
    const earlier = Array.from({ length: 40 }, (_, i) =>
      call({
        id: `earlier-${i}`,
        round: Math.floor(i / MAX_TOOL_CALLS_PER_ROUND) + 1,
        status: 'succeeded',
        result: JSON.stringify({ note: 'é'.repeat(3_200) }),
      }),
    );
    const [product] = Object.values(decodeStoreJson(storeJson()).products);
    jest
      .spyOn(store, 'getProduct')
      .mockResolvedValue({ ...product, variants: manyVariants(300) });
    givenTurn([
      ...earlier,
      call({
        id: 'late',
        round: 6,
        name: 'get_product_details',
        input: { product_id: '1111111111' },
      }),
    ]);

    // Act
    await act(REF, deps());

    // Assess
    const stored = storedCalls();
    const bytes = stored.reduce(
      (sum, c) => sum + Buffer.byteLength(c.result ?? ''),
      0,
    );
    const late = stored.at(-1);
    expect(bytes).toBeLessThanOrEqual(MAX_TURN_RESULT_BYTES);
    expect(late?.status).toBe('succeeded');
    expect(JSON.parse(late?.result ?? '')).toMatchObject({ truncated: true });
    expect(stored.slice(0, -1)).toEqual(earlier);
  });
});

describe('withinTurnBudget', () => {
  const sized = (id: string, bytes: number) =>
    call({
      id,
      status: 'succeeded',
      result: JSON.stringify('x'.repeat(bytes - 2)),
    });

  it('leaves a result that fits as it is', () => {
    // Prepare
    const calls = [sized('a', 100_000), sized('b', 8_000)];

    // Act
    const kept = withinTurnBudget(calls, 1);

    // Assess
    expect(kept).toBe(calls[1]);
  });

  it('cuts a result to what the other results leave, as valid JSON', () => {
    // Prepare
    const calls = [
      sized('a', MAX_TURN_RESULT_BYTES - 6_000),
      sized('b', 8_000),
    ];

    // Act
    const cut = withinTurnBudget(calls, 1);

    // Assess
    expect(Buffer.byteLength(cut.result ?? '')).toBeLessThanOrEqual(6_000);
    expect(JSON.parse(cut.result ?? '')).toMatchObject({ truncated: true });
    expect(cut.status).toBe('succeeded');
  });

  it('says the turn is full when almost nothing is left', () => {
    // Prepare
    const calls = [sized('a', MAX_TURN_RESULT_BYTES - 300), sized('b', 8_000)];

    // Act
    const full = withinTurnBudget(calls, 1);

    // Assess
    expect(full.result).toBe(TURN_RESULTS_FULL);
  });

  it('leaves a call without a result as it is', () => {
    // Prepare
    const calls = [sized('a', MAX_TURN_RESULT_BYTES), call({ id: 'b' })];

    // Act
    const kept = withinTurnBudget(calls, 1);

    // Assess
    expect(kept).toBe(calls[1]);
  });
});

describe('boundedJson', () => {
  it.each([
    ['plain text', 'a'.repeat(20_000)],
    ['text that grows when escaped', '"\\\n'.repeat(5_000)],
    ['emoji that must not be split', '🏕️'.repeat(5_000)],
  ])('keeps %s within the limit as valid JSON', (_, text) => {
    // Act
    const bounded = boundedJson({ text });

    // Assess
    expect(bounded.length).toBeLessThanOrEqual(MAX_RESULT_CHARS);
    const parsed = JSON.parse(bounded);
    expect(parsed.truncated).toBe(true);
    expect(JSON.stringify({ text }).startsWith(parsed.partial)).toBe(true);
    expect(parsed.partial.length).toBeGreaterThan(MAX_RESULT_CHARS / 2);
  });

  it('leaves a short result as it is', () => {
    // Act
    const bounded = boundedJson({ ok: true });

    // Assess
    expect(bounded).toBe('{"ok":true}');
  });
});

function manyVariants(count: number): Product['variants'] {
  return Object.fromEntries(
    Array.from({ length: count }, (_, i) => {
      const item_id = String(5_000_000_000 + i);
      return [
        item_id,
        {
          item_id,
          options: { color: `shade ${i}` },
          available: true,
          price: 999,
        },
      ];
    }),
  );
}
