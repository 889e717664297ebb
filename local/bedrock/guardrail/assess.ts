import type { GuardrailSettings } from '../../../schemas/guardrails';
import type { TenantConfig } from '../../../schemas/tenant-config';
import { CONTENT_RULES, type ContentFilterType } from './content-filters';
import {
  deniedTopicOf,
  type TopicMatcher,
  topicMatcher,
} from './denied-topics';
import { PROMPT_ATTACK_RULES } from './prompt-attacks';
import { firstMatch } from './rules';

/** A guardrail the local Bedrock endpoint applies, as a deployed one. */
export interface LocalGuardrail {
  /** The identifier callers send: `local-<tenantId>` for seeded tenants. */
  readonly id: string;
  /** The version callers send; `DRAFT` is accepted as well. */
  readonly version: string;
  readonly settings: GuardrailSettings;
}

/** Why the guardrail blocked a text, in Bedrock's trace vocabulary. */
export type Finding =
  | { readonly policy: 'topic'; readonly name: string }
  | {
      readonly policy: 'content';
      readonly type: ContentFilterType | 'PROMPT_ATTACK';
      /** The local rule that matched, for tests and debugging. */
      readonly rule: string;
    };

/** The guardrail of a seeded tenant, with the local id callers use. */
export function localGuardrailFor(config: TenantConfig): LocalGuardrail {
  return {
    id: `local-${config.tenantId}`,
    version: '1',
    settings: config.guardrails,
  };
}

/** A guardrail ready to check texts: its topics are read once. */
export class GuardrailCheck {
  private readonly topics: readonly TopicMatcher[];

  constructor(readonly guardrail: LocalGuardrail) {
    this.topics = guardrail.settings.deniedTopics.map(topicMatcher);
  }

  /**
   * Checks what the customer sent: prompt attacks first, then content
   * filters, then denied topics. Returns the first finding.
   */
  input(texts: readonly string[]): Finding | undefined {
    const { promptAttackStrength } = this.guardrail.settings;
    for (const text of texts) {
      const attack = firstMatch(
        PROMPT_ATTACK_RULES,
        text,
        promptAttackStrength,
      );
      if (attack) {
        return { policy: 'content', type: 'PROMPT_ATTACK', rule: attack.id };
      }
    }
    return this.output(texts);
  }

  /** Checks what the model wrote: content filters, then denied topics. */
  output(texts: readonly string[]): Finding | undefined {
    const { contentFilterStrength } = this.guardrail.settings;
    for (const text of texts) {
      const content = firstMatch(CONTENT_RULES, text, contentFilterStrength);
      if (content) {
        return { policy: 'content', type: content.type, rule: content.id };
      }
      const topic = deniedTopicOf(this.topics, text);
      if (topic) return { policy: 'topic', name: topic.name };
    }
    return undefined;
  }
}
