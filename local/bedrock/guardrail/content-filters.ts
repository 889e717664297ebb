import type { PatternRule } from './rules';

/** Bedrock's harmful-content categories. */
export type ContentFilterType =
  | 'SEXUAL'
  | 'VIOLENCE'
  | 'HATE'
  | 'INSULTS'
  | 'MISCONDUCT';

export interface ContentRule extends PatternRule {
  readonly type: ContentFilterType;
}

/**
 * The local guardrail's content filters: a few unambiguous phrases per
 * category, checked in customer messages and in the model's answers. A
 * shop for camping gear talks about knives, stoves, fire and "naked
 * flames", so weapons and fire alone are never enough: a rule needs a
 * threat against a person, an insult aimed at someone, or an unlawful
 * purpose. English only and far narrower than Amazon Bedrock's classifiers;
 * slurs are left out of the source on purpose, so hate speech is caught
 * only in its generic threatening forms.
 */
export const CONTENT_RULES: readonly ContentRule[] = [
  {
    id: 'sexual-explicit',
    type: 'SEXUAL',
    pattern:
      /\b(?:porn\w*|explicit sex\w*|nude (?:photos?|pics?|images?)|sexting|send (?:me )?nudes)\b/,
    from: 'LOW',
  },
  {
    id: 'sexual-suggestive',
    type: 'SEXUAL',
    pattern: /\b(?:sexy|horny|talk dirty)\b/,
    from: 'HIGH',
  },
  {
    id: 'violence-threat',
    type: 'VIOLENCE',
    // A first-person threat: "I will kill you", never "I hurt my ankle".
    pattern:
      /\bi(?:'ll| will|'m going to| am going to|'m gonna| want to) (?:kill|murder|stab|strangle|hurt|beat up) (?:you|him|her|them|your)\b/,
    from: 'LOW',
  },
  {
    id: 'violence-harm',
    type: 'VIOLENCE',
    pattern:
      /\b(?:(?:kill|murder|stab|strangle) (?:you|him|her|them|someone|people|everyone)|beat (?:you|him|her|them) up|burn (?:your|his|her|their) house)\b/,
    from: 'MEDIUM',
  },
  {
    id: 'hate-extermination',
    type: 'HATE',
    pattern:
      /\b(?:exterminate|wipe out|get rid of) (?:all )?(?:the )?(?:immigrants|foreigners|jews|muslims|christians|gays|blacks|whites|women|men)\b/,
    from: 'LOW',
  },
  {
    id: 'hate-contempt',
    type: 'HATE',
    pattern:
      /\b(?:immigrants|foreigners|jews|muslims|christians|gays|blacks|whites|women|men) (?:are|should be) (?:vermin|animals|subhuman|inferior|killed|banned)\b/,
    from: 'MEDIUM',
  },
  {
    id: 'insult-profane',
    type: 'INSULTS',
    pattern:
      /\b(?:f+u+c+k+ (?:you|off)|piece of (?:shit|crap)|son of a bitch)\b/,
    from: 'LOW',
  },
  {
    id: 'insult-direct',
    type: 'INSULTS',
    pattern:
      /\b(?:you(?:'re| are)?|ur) (?:an? )?(?:(?:stupid|useless|dumb|pathetic) )*(?:idiot|moron|imbecile|loser|stupid|useless|dumb)\b/,
    from: 'MEDIUM',
  },
  {
    id: 'insult-bot',
    type: 'INSULTS',
    // Not "idiot" alone: "I'm such an idiot, I ordered the wrong size".
    pattern: /\b(?:stupid|dumb|useless|worthless) (?:bot|machine|ai)\b/,
    from: 'HIGH',
  },
  {
    id: 'misconduct-weapons',
    type: 'MISCONDUCT',
    pattern:
      /\b(?:make|build|assemble) (?:a |an )?(?:pipe )?(?:bomb|explosive|molotov)\w*\b/,
    from: 'LOW',
  },
  {
    id: 'misconduct-fraud',
    type: 'MISCONDUCT',
    pattern:
      /\b(?:steal (?:a |someone's )?(?:credit cards?|identit(?:y|ies))|launder(?:ing)? money|stolen credit cards?)\b/,
    from: 'LOW',
  },
  {
    id: 'misconduct-cheat',
    type: 'MISCONDUCT',
    pattern:
      /\b(?:fake (?:a )?(?:receipt|invoice|refund claim)|shoplift\w*|hack into (?:someone|somebody|other people)\w*)\b/,
    from: 'MEDIUM',
  },
];
