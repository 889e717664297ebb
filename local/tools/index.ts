import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadStoreDir } from '../../functions/shared/store/json';
import { parseOrThrow } from '../../functions/shared/validate';
import type { Order } from '../../schemas/store';
import {
  type TenantConfig,
  TenantConfigSchema,
} from '../../schemas/tenant-config';
import {
  DEFAULT_HTTP_AUTH,
  type HttpTarget,
} from '../../schemas/tools/manifest';
import { readTenantConfig } from '../seed';
import { startCarrierStub } from './carrier';
import { startLambdaApi } from './lambda-api';
import type { LoopbackServer } from './loopback';
import { startSecretsApi } from './secrets-api';
import { tenantFunctions } from './tenant-functions';

/**
 * What the tenants' own tools reach in the local runtime:
 *
 * - Secrets Manager: every secret a seeded tenant's tools name gets a
 *   development value generated at each start, unless the tenant folder's
 *   `secrets.local.json` (`{ "<secret ARN>": "<value>" }`, not committed)
 *   gives one.
 * - Lambda: `<tenant folder>/functions/<name>.ts` runs as function `<name>`.
 * - HTTP: a host with a stand-in here (the demo carrier's tracking API) is
 *   served on loopback, and the tools calling it are pointed there in the
 *   configuration the runtime seeds; other hosts are called as declared.
 */
export interface ToolStandIns {
  /** Endpoint variables for the functions' SDK clients. */
  readonly environment: Readonly<Record<string, string>>;
  /** The configuration to seed: stand-in hosts replaced by loopback URLs. */
  localConfig(config: TenantConfig): TenantConfig;
  close(): Promise<void>;
}

/** HTTP hosts the local runtime serves itself. */
export const HTTP_STAND_IN_HOSTS = ['carrier.lanternfield.example'] as const;

const SECRETS_FILE = 'secrets.local.json';

/** Starts the stand-ins for the tools of the given tenant folders. */
export async function startToolStandIns(
  tenantDirs: readonly string[],
): Promise<ToolStandIns> {
  const tenants = await Promise.all(
    tenantDirs.map(async (dir) => ({
      dir,
      config: await readTenantConfig(dir),
    })),
  );
  const secrets = new Map<string, string>();
  for (const { dir, config } of tenants) {
    for (const [arn, value] of secretValues(dir, config))
      secrets.set(arn, value);
  }

  const servers: LoopbackServer[] = [];
  const close = async () => {
    for (const server of servers.reverse()) await server.close();
  };
  try {
    const secretsApi = await startSecretsApi(secrets);
    servers.push(secretsApi);
    const lambdaApi = await startLambdaApi({
      functions: tenantFunctions(tenantDirs),
    });
    servers.push(lambdaApi);
    const carrier = await startCarrier(tenants, secrets);
    if (carrier) servers.push(carrier);

    const origins = new Map(
      carrier ? [[HTTP_STAND_IN_HOSTS[0], carrier.url]] : [],
    );
    return {
      environment: {
        AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsApi.url,
        AWS_ENDPOINT_URL_LAMBDA: lambdaApi.url,
      },
      localConfig: (config) => pointToStandIns(config, origins),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The secrets a tenant's tools name: the folder's values, or new ones. */
function secretValues(dir: string, config: TenantConfig): Map<string, string> {
  const file = join(dir, SECRETS_FILE);
  const given: Record<string, unknown> = existsSync(file)
    ? JSON.parse(readFileSync(file, 'utf8'))
    : {};
  const values = new Map<string, string>();
  for (const target of httpTargets(config)) {
    if (!target.secretArn) continue;
    const value = given[target.secretArn];
    values.set(
      target.secretArn,
      typeof value === 'string'
        ? value
        : `dev-${randomBytes(24).toString('base64url')}`,
    );
  }
  return values;
}

/** The carrier stub, when a tenant's tool calls the carrier's host. */
async function startCarrier(
  tenants: readonly { dir: string; config: TenantConfig }[],
  secrets: ReadonlyMap<string, string>,
): Promise<LoopbackServer | undefined> {
  const authorizations: string[] = [];
  let orders: Record<string, Order> = {};
  for (const { dir, config } of tenants) {
    const targets = httpTargets(config).filter(
      (t) => new URL(t.url).hostname === HTTP_STAND_IN_HOSTS[0],
    );
    if (targets.length === 0) continue;
    orders = { ...orders, ...(await loadStoreDir(join(dir, 'store'))).orders };
    for (const target of targets) {
      const secret = target.secretArn && secrets.get(target.secretArn);
      const { scheme } = target.auth ?? DEFAULT_HTTP_AUTH;
      if (secret) authorizations.push(scheme ? `${scheme} ${secret}` : secret);
    }
  }
  if (authorizations.length === 0) return undefined;
  return startCarrierStub({ orders, authorizations });
}

/**
 * The configuration with every HTTP tool on a stand-in host pointed at
 * its loopback origin (path and query kept), and loopback allowed. Needs
 * `FRONTLINE_ALLOW_LOOPBACK_TOOLS=true`, which the runtime sets.
 */
function pointToStandIns(
  config: TenantConfig,
  origins: ReadonlyMap<string, string>,
): TenantConfig {
  let moved = false;
  const custom = config.tools.custom.map((tool) => {
    if (tool.target.type !== 'http') return tool;
    const url = new URL(tool.target.url);
    const origin = origins.get(url.hostname);
    if (!origin) return tool;
    moved = true;
    const local = `${origin}${url.pathname}${url.search}`;
    return { ...tool, target: { ...tool.target, url: local } };
  });
  if (!moved) return config;
  const tools = {
    ...config.tools,
    custom,
    allowedHosts: [...config.tools.allowedHosts, '127.0.0.1'],
  };
  return parseOrThrow(
    TenantConfigSchema,
    { ...config, tools },
    `local configuration of tenant ${config.tenantId}`,
  );
}

function httpTargets(config: TenantConfig): HttpTarget[] {
  return config.tools.custom.flatMap((tool) =>
    tool.target.type === 'http' ? [tool.target] : [],
  );
}
