import { GuardrailCheck, type LocalGuardrail } from './assess';

/** The identifier of a guardrail: its id, or its ARN. */
const ARN_ID = /^arn:aws[\w-]*:bedrock:[\w-]*:\d*:guardrail\/([a-z0-9-]+)$/;

/** Why a guardrail named in a request cannot be used. */
export class UnknownGuardrailError extends Error {
  override readonly name = 'UnknownGuardrailError';
}

/**
 * The guardrails the local Bedrock endpoint knows, by id. Registering an
 * id again replaces it (a tenant seeded again with new settings).
 */
export class GuardrailRegistry {
  private readonly checks = new Map<string, GuardrailCheck>();

  register(guardrail: LocalGuardrail): void {
    this.checks.set(guardrail.id, new GuardrailCheck(guardrail));
  }

  /**
   * The guardrail a request names, by id or ARN, at its version or at
   * `DRAFT`. Throws `UnknownGuardrailError` for any other.
   */
  resolve(identifier: string, version: string): GuardrailCheck {
    const id = ARN_ID.exec(identifier)?.[1] ?? identifier;
    const check = this.checks.get(id);
    if (!check) {
      throw new UnknownGuardrailError(
        `The guardrail identifier ${identifier} is not registered.`,
      );
    }
    if (version !== check.guardrail.version && version !== 'DRAFT') {
      throw new UnknownGuardrailError(
        `Guardrail ${id} has no version ${version}.`,
      );
    }
    return check;
  }
}
