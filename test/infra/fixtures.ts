import { createHash } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import {
  createFrontlineApp,
  type FrontlineApp,
} from '../../infra/frontline-app';
import {
  constructId,
  FUNCTIONS,
  type FunctionName,
} from '../../infra/function-catalogue';

/** A tenant configuration that passes TenantConfigSchema. */
export const VALID_TENANT = {
  tenantId: 'demo',
  displayName: 'Demo Store',
  persona: { name: 'Ava', company: 'Demo Store' },
  languages: ['en'],
};

/** Hash of the agent bearer token `agent-token`. */
export const AGENT_TOKEN_SHA256 = createHash('sha256')
  .update('agent-token')
  .digest('hex');

/**
 * A throwaway project root: a lock file, a stub handler per
 * function and tenant files, so the stack builds without the real handlers
 * (bundling is skipped in these tests).
 */
export class ProjectFixture {
  readonly root: string;

  constructor(tenantFiles: Record<string, unknown> = {}) {
    this.root = mkdtempSync(path.join(tmpdir(), 'frontline-infra-'));
    writeFileSync(path.join(this.root, 'package-lock.json'), '{}');
    for (const name of [...Object.keys(FUNCTIONS), 'tenant-assets']) {
      this.write(
        `functions/${name}/handler.ts`,
        'export const handler = async () => ({});\n',
      );
    }
    const files = { 'tenants/demo/tenant.json': VALID_TENANT, ...tenantFiles };
    for (const [file, content] of Object.entries(files)) {
      this.write(
        file,
        typeof content === 'string' ? content : JSON.stringify(content),
      );
    }
  }

  write(file: string, content: string): void {
    const full = path.join(this.root, file);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, content);
  }

  delete(file: string): void {
    unlinkSync(path.join(this.root, file));
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

export interface BuildOptions {
  readonly context?: Record<string, unknown>;
  readonly nag?: boolean;
}

/** Builds the app over the fixture without bundling any function. */
export function buildApp(
  fixture: ProjectFixture,
  options: BuildOptions = {},
): FrontlineApp {
  return createFrontlineApp({
    projectRoot: fixture.root,
    nag: options.nag ?? false,
    context: {
      'aws:cdk:bundling-stacks': [],
      'frontline:agentTokenSha256': AGENT_TOKEN_SHA256,
      ...options.context,
    },
  });
}

/** The stack's template, built over the fixture. */
export function buildTemplate(
  fixture: ProjectFixture,
  options: BuildOptions = {},
): Template {
  return Template.fromStack(buildApp(fixture, options).stack);
}

/** Logical id of a function's resource: `Functions<Id><hash>`. */
export function functionIdPattern(name: FunctionName | string): RegExp {
  return new RegExp(
    `^Functions${constructId(name as FunctionName)}[0-9A-F]{8}$`,
  );
}
