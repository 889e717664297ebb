import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type * as z from 'zod';
import {
  type TenantConfig,
  TenantConfigSchema,
} from '../schemas/tenant-config';
import type { TenantAssetSource } from './constructs/tenant-assets';
import { ConfigurationError } from './errors';
import { CONTEXT_KEYS } from './settings';

/** A tenant configuration read from a file and validated. */
export interface LoadedTenantConfig {
  /** The file as listed in the settings. */
  readonly file: string;
  /** The configuration with the schema's defaults applied. */
  readonly config: TenantConfig;
}

/**
 * Reads and validates tenant configuration files (paths relative to
 * `projectRoot`), failing on the first bad one with the file and the field.
 */
export function loadTenantConfigs(
  projectRoot: string,
  files: readonly string[],
): LoadedTenantConfig[] {
  const loaded = files.map((file) => ({
    file,
    config: loadTenantConfig(projectRoot, file),
  }));
  rejectDuplicateTenants(loaded);
  return loaded;
}

/**
 * The tenants whose configuration file has an `intents.csv` file or a
 * `knowledge/` folder beside it, with their absolute paths.
 */
export function findTenantAssets(
  projectRoot: string,
  loaded: readonly LoadedTenantConfig[],
): TenantAssetSource[] {
  return loaded.flatMap(({ file, config }) => {
    const folder = path.dirname(path.resolve(projectRoot, file));
    const intentsCsv = existing(path.join(folder, 'intents.csv'), 'file');
    const knowledgeDir = existing(path.join(folder, 'knowledge'), 'folder');
    if (!intentsCsv && !knowledgeDir) return [];
    return [
      {
        tenantId: config.tenantId,
        ...(intentsCsv ? { intentsCsv } : {}),
        ...(knowledgeDir ? { knowledgeDir } : {}),
        ...(knowledgeDir && config.knowledge.baseUrl
          ? { knowledgeBaseUrl: config.knowledge.baseUrl }
          : {}),
        ...(knowledgeDir && config.knowledge.embeddings
          ? {
              knowledgeEmbeddings: {
                modelId: config.knowledge.embeddings.modelId,
                dimensions: config.knowledge.embeddings.dimensions,
              },
            }
          : {}),
      },
    ];
  });
}

function existing(file: string, kind: 'file' | 'folder') {
  const stat = statSync(file, { throwIfNoEntry: false });
  const found = kind === 'file' ? stat?.isFile() : stat?.isDirectory();
  return found ? file : undefined;
}

function loadTenantConfig(projectRoot: string, file: string): TenantConfig {
  const fullPath = path.resolve(projectRoot, file);
  if (!existsSync(fullPath)) {
    throw new ConfigurationError(
      `Tenant config file ${file} does not exist (listed in context ` +
        `${CONTEXT_KEYS.tenantConfigFiles}, resolved against ${projectRoot})`,
    );
  }
  const json = parseJsonFile(file, readFileSync(fullPath, 'utf8'));
  const result = TenantConfigSchema.safeParse(json);
  if (!result.success) {
    throw new ConfigurationError(
      `Tenant config file ${file} is invalid: ${describe(result.error)}`,
    );
  }
  return result.data;
}

function parseJsonFile(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigurationError(
      `Tenant config file ${file} is not valid JSON: ${reason}`,
      { cause: error },
    );
  }
}

/** `persona.name: Too small…; languages: …` */
function describe(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const field = issue.path.map(String).join('.') || '(root)';
      return `${field}: ${issue.message}`;
    })
    .join('; ');
}

function rejectDuplicateTenants(loaded: readonly LoadedTenantConfig[]): void {
  const seen = new Map<string, string>();
  for (const { file, config } of loaded) {
    const first = seen.get(config.tenantId);
    if (first) {
      throw new ConfigurationError(
        `Tenant config files ${first} and ${file} both declare tenantId ` +
          `"${config.tenantId}"`,
      );
    }
    seen.set(config.tenantId, file);
  }
}
