import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { FrontlineStack } from './frontline-stack';
import { readSettings } from './settings';
import { findTenantAssets, loadTenantConfigs } from './tenant-configs';

export interface FrontlineAppOptions {
  /**
   * Context values, as `cdk.json` or `-c` would give them; the CLI's
   * context takes precedence.
   * @default - none
   */
  readonly context?: Record<string, unknown>;
  /**
   * Directory holding `functions/`, `tenants/` and `package-lock.json`.
   * @default process.cwd()
   */
  readonly projectRoot?: string;
  /**
   * Register the cdk-nag AWS Solutions checks, which fail synthesis on any
   * unacknowledged finding.
   * @default true
   */
  readonly nag?: boolean;
  /**
   * Directory the cloud assembly is written to.
   * @default - the CLI's, or a temporary directory
   */
  readonly outdir?: string;
}

/** The app the CLI runs, also built in-process by tests. */
export interface FrontlineApp {
  readonly app: App;
  readonly stack: FrontlineStack;
}

/** Stack name, and the prefix of named resources. */
export const STACK_NAME = 'Frontline';

/**
 * Builds the Frontline app from its context settings: validates them and
 * the tenant configuration files, and creates the stack in the account and
 * region of the CDK environment (none needed to synthesize).
 */
export function createFrontlineApp(
  options: FrontlineAppOptions = {},
): FrontlineApp {
  const projectRoot = options.projectRoot ?? process.cwd();
  const app = new App({ context: options.context, outdir: options.outdir });
  const settings = readSettings(app.node);
  const tenants = loadTenantConfigs(projectRoot, settings.tenantConfigFiles);

  const stack = new FrontlineStack(app, STACK_NAME, {
    env: {
      account: process.env.CDK_DEFAULT_ACCOUNT,
      region: process.env.CDK_DEFAULT_REGION,
    },
    description: 'Frontline: AI customer service on Step Functions',
    bedrockModelId: settings.bedrockModelId,
    tenants: tenants.map((tenant) => tenant.config),
    tenantAssets: findTenantAssets(projectRoot, tenants),
    agentTokenSha256: settings.agentTokenSha256,
    logRetentionDays: settings.logRetentionDays,
    alarmEmail: settings.alarmEmail,
    chatAllowedOrigins: settings.chatAllowedOrigins,
    projectRoot,
  });
  if (options.nag ?? true) {
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  }
  return { app, stack };
}

/**
 * The synthesized CloudFormation template of the Frontline stack, for
 * checks that compare it with what the local runtime runs. Pass
 * `{ 'aws:cdk:bundling-stacks': [] }` in the context to skip bundling.
 */
export function synthesizeFrontlineTemplate(
  options: FrontlineAppOptions = {},
): Record<string, unknown> {
  const { app, stack } = createFrontlineApp({ nag: false, ...options });
  const assembly = app.synth();
  return assembly.getStackByName(stack.stackName).template;
}
