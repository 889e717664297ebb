import {
  DEFAULT_TRAIN_OPTIONS,
  type TrainOptions,
} from '../functions/shared/intent';

type Settings = Omit<TrainOptions, 'onProgress'>;

/** The classifier settings `--set` may change. */
export const SETTING_NAMES = Object.keys(DEFAULT_TRAIN_OPTIONS);

const RANGES = new Set(['wordNgrams', 'charNgrams']);

/**
 * Reads `NAME=VALUE` settings of the intent classifier: numbers, and
 * n-gram ranges written `MIN-MAX`.
 *
 * @example parseSettings(['c=0.6', 'charNgrams=2-5'])
 * @throws Error naming the setting and what it accepts.
 */
export function parseSettings(pairs: readonly string[]): Settings {
  const settings: Record<string, unknown> = {};
  for (const pair of pairs) {
    const [name = '', value = ''] = pair.split('=', 2);
    if (!SETTING_NAMES.includes(name)) {
      throw new Error(
        `Unknown setting "${name}": use one of ${SETTING_NAMES.join(', ')}`,
      );
    }
    settings[name] = RANGES.has(name)
      ? range(name, value)
      : number(name, value);
  }
  return settings as Settings;
}

function number(name: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) {
    throw new Error(`${name} must be a number >= 0 (got "${value}")`);
  }
  return n;
}

function range(name: string, value: string): readonly [number, number] {
  const match = /^(\d+)-(\d+)$/.exec(value);
  const low = Number(match?.[1]);
  const high = Number(match?.[2]);
  if (!match || low < 1 || high < low) {
    throw new Error(`${name} must be MIN-MAX with 1 <= MIN <= MAX`);
  }
  return [low, high];
}
