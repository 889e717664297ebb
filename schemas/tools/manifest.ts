import * as z from 'zod';
import { PII_TYPES } from '../pii';
import { isBuiltInTool } from './built-in';
import {
  addressKind,
  ipLiteral,
  isLoopbackHost,
  LOOPBACK_TOOLS_ENV,
  loopbackToolsAllowed,
} from './hosts';
import { compileInputSchema, InputSchemaError } from './input-schema';

/**
 * A tenant's own tools (`tools.custom` of the tenant configuration): what
 * the model is told about each, the JSON Schema of its input, and the
 * backend that runs it, an HTTP API of the tenant or a Lambda function in
 * its account.
 */

/** A tool name, as the model calls it. */
export const ToolNameSchema = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, {
  message: 'a tool name is a-z, 0-9 and _, starting with a letter (max 64)',
});

/** `read` runs at once; `write` needs the customer's yes; the last a human's. */
export const ToolRiskSchema = z.enum(['read', 'write', 'approval_required']);

/** Longest wait for one call of a tenant's backend, in milliseconds. */
export const MAX_TOOL_TIMEOUT_MS = 10_000;
const TimeoutMsSchema = z.int().min(100).max(MAX_TOOL_TIMEOUT_MS).default(3000);

/** A Secrets Manager secret's full ARN, with its 6-character suffix. */
export const SecretArnSchema = z
  .string()
  .regex(
    /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]{1,512}-[A-Za-z0-9]{6}$/,
    {
      message:
        'secretArn is the full ARN of a Secrets Manager secret, ending ' +
        'with its 6-character suffix',
    },
  );

/** A KMS key id: a single-Region UUID or a multi-Region `mrk-` id. */
const KMS_KEY_ID =
  '(?:[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}|mrk-[0-9a-f]{32})';

/** A KMS key's ARN, by key id: never an alias. */
export const KmsKeyArnSchema = z
  .string()
  .regex(
    new RegExp(
      String.raw`^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key/${KMS_KEY_ID}$`,
    ),
    {
      message:
        'secretKmsKeyArn is the full ARN of a KMS key (key/<id>), not an ' +
        'alias',
    },
  );

/** A Lambda function's ARN, optionally with a version or alias. */
export const FunctionArnSchema = z
  .string()
  .regex(
    /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:(\$LATEST|[A-Za-z0-9_-]{1,128}))?$/,
    { message: 'functionArn is the ARN of a Lambda function' },
  );

/** Headers the HTTP target sets itself, or that no credential belongs in. */
const RESERVED_HEADERS = new Set([
  'host',
  'content-type',
  'content-length',
  'idempotency-key',
  'connection',
  'transfer-encoding',
  'te',
  'upgrade',
  'cookie',
]);

export const HttpAuthSchema = z.strictObject({
  /** Header the secret goes into, such as `Authorization` or `X-Api-Key`. */
  header: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,64}$/, { message: 'header is a header name' })
    .refine((name) => !RESERVED_HEADERS.has(name.toLowerCase()), {
      message: 'header names a header Frontline sets itself',
    }),
  /** Put before the secret with a space, such as `Bearer`. @default none */
  scheme: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9-]{0,31}$/, {
      message: 'scheme is one word, such as Bearer',
    })
    .optional(),
});

/** Where a credential goes when `auth` is left out. */
export const DEFAULT_HTTP_AUTH = {
  header: 'Authorization',
  scheme: 'Bearer',
} as const;

export const HttpTargetSchema = z
  .strictObject({
    type: z.literal('http'),
    /** https URL on one of `tools.allowedHosts`; GET adds the input as query. */
    url: z.string().max(2048).refine(isPlainHttpUrl, {
      message:
        'url is an absolute http(s) URL without user, password or fragment',
    }),
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
    /** Per attempt. @default 3000 */
    timeoutMs: TimeoutMsSchema,
    /** Further attempts of an idempotent call after a failure. @default 2 */
    retries: z.int().min(0).max(3).default(2),
    /** Secret whose value is sent in the `auth` header. @default none */
    secretArn: SecretArnSchema.optional(),
    /**
     * The customer managed KMS key the secret is encrypted with; act may
     * decrypt with it through Secrets Manager only.
     * @default the AWS managed key of Secrets Manager
     */
    secretKmsKeyArn: KmsKeyArnSchema.optional(),
    /** @default Authorization: Bearer <secret>, when a secret is named */
    auth: HttpAuthSchema.optional(),
  })
  .refine((target) => !target.auth || target.secretArn, {
    message: 'auth needs secretArn: the secret is what goes in the header',
    path: ['auth'],
  })
  .refine((target) => !target.secretKmsKeyArn || target.secretArn, {
    message: 'secretKmsKeyArn needs secretArn: it is the key of that secret',
    path: ['secretKmsKeyArn'],
  });

export const LambdaTargetSchema = z.strictObject({
  type: z.literal('lambda'),
  functionArn: FunctionArnSchema,
  /** @default 3000 */
  timeoutMs: TimeoutMsSchema,
});

export const ToolTargetSchema = z.discriminatedUnion('type', [
  HttpTargetSchema,
  LambdaTargetSchema,
]);

/** A tool a tenant declares itself. */
export const CustomToolSchema = z.strictObject({
  name: ToolNameSchema,
  /** What the tool does and when to use it, for the model. */
  description: z.string().min(1).max(1000),
  risk: ToolRiskSchema,
  /** JSON Schema of the input (the subset of `input-schema.ts`). */
  input: z.record(z.string(), z.unknown()),
  target: ToolTargetSchema,
  /**
   * Kinds of personal data the tool receives as values: the act step puts
   * the conversation's values back for these placeholders only, right
   * before the call. Absent, the tool gets placeholders (`[EMAIL_1]`).
   */
  personalData: z.array(z.enum(PII_TYPES)).max(PII_TYPES.length).optional(),
});

/** A host name or IP literal, lower case, as a URL's hostname reads. */
export const AllowedHostSchema = z
  .string()
  .max(253)
  .regex(
    /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$|^\[[0-9a-f:.]+\]$/,
    {
      message:
        'an allowed host is a lower-case host name, such as api.example.com',
    },
  );

export type ToolRisk = z.infer<typeof ToolRiskSchema>;
export type HttpTarget = z.infer<typeof HttpTargetSchema>;
export type LambdaTarget = z.infer<typeof LambdaTargetSchema>;
export type CustomTool = z.infer<typeof CustomToolSchema>;

/** The parts of the tool settings the checks below read. */
interface ToolSettingsShape {
  readonly enabled: readonly string[];
  readonly custom: readonly CustomTool[];
  readonly allowedHosts: readonly string[];
}

type Issue = (path: (string | number)[], message: string) => void;

/**
 * Checks the tool settings as a whole: tenant tools have names of their
 * own and inputs that compile, their URLs are on `allowedHosts` and safe
 * to call, and every enabled name is declared.
 */
export function checkToolSettings(
  settings: ToolSettingsShape,
  ctx: z.RefinementCtx,
): void {
  const issue: Issue = (path, message) =>
    ctx.addIssue({ code: 'custom', path, message });
  const declared = new Set<string>();

  settings.custom.forEach((tool, i) => {
    if (isBuiltInTool(tool.name) || declared.has(tool.name)) {
      issue(
        ['custom', i, 'name'],
        `'${tool.name}' is already declared` +
          (isBuiltInTool(tool.name) ? ' as a built-in tool' : ''),
      );
    }
    declared.add(tool.name);
    checkInput(tool, (path, message) => issue(['custom', i, ...path], message));
    if (tool.target.type === 'http') {
      const hosts = settings.allowedHosts;
      for (const message of urlProblems(tool.target.url, hosts)) {
        issue(
          ['custom', i, 'target', 'url'],
          `tool '${tool.name}': ${message}`,
        );
      }
    }
  });
  settings.enabled.forEach((name, i) => {
    if (!isBuiltInTool(name) && !declared.has(name)) {
      issue(['enabled', i], `'${name}' is not a declared tool`);
    }
  });
}

function checkInput(tool: CustomTool, issue: Issue): void {
  try {
    compileInputSchema(tool.input);
  } catch (error) {
    if (!(error instanceof InputSchemaError)) throw error;
    issue(error.at.split('.'), `tool '${tool.name}': ${error.message}`);
  }
}

/**
 * What is wrong with a tool URL, if anything: its host must be allowed,
 * an IP literal must be public, and plain http is for loopback only,
 * which itself is only allowed where the local runtime set
 * `FRONTLINE_ALLOW_LOOPBACK_TOOLS=true`. Addresses a name resolves to are
 * checked again on every call.
 */
export function urlProblems(
  url: string,
  allowedHosts: readonly string[],
): string[] {
  if (!isPlainHttpUrl(url)) return ['url is not an http(s) URL'];
  const { protocol, hostname } = new URL(url);
  const problems: string[] = [];
  if (!allowedHosts.includes(hostname)) {
    problems.push(`host '${hostname}' is not in tools.allowedHosts`);
  }
  const literal = ipLiteral(hostname);
  const loopback = isLoopbackHost(hostname);
  if (literal && !loopback && addressKind(literal) !== 'public') {
    problems.push(`host '${hostname}' is not a public address`);
  }
  if (loopback && !loopbackToolsAllowed()) {
    problems.push(
      `host '${hostname}' is loopback, allowed only where ` +
        `${LOOPBACK_TOOLS_ENV}=true (the local runtime)`,
    );
  }
  if (protocol === 'http:' && !loopback) {
    problems.push('url must use https (http only for loopback hosts)');
  }
  return problems;
}

function isPlainHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (
    (url.protocol === 'https:' || url.protocol === 'http:') &&
    url.username === '' &&
    url.password === '' &&
    url.hash === ''
  );
}
