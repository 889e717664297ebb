const NAMES = new Intl.DisplayNames(['en'], {
  type: 'language',
  fallback: 'code',
});

/**
 * The English name of a BCP 47 language code, for prompts: `es` is
 * "Spanish", `pt-BR` "Brazilian Portuguese". A code the runtime does not
 * know is returned as it is.
 */
export function languageName(code: string): string {
  try {
    return NAMES.of(code) ?? code;
  } catch {
    return code;
  }
}
