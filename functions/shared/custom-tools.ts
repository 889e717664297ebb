import {
  compileInputSchema,
  InputSchemaError,
} from '../../schemas/tools/input-schema';
import type { CustomTool } from '../../schemas/tools/manifest';
import { InvariantError } from './errors';
import type { ToolDeclaration } from './tool-catalogue';

/**
 * Declarations of a tenant's own tools, compiled once per loaded
 * configuration: the tenant cache hands out the same objects while it
 * trusts them, so the input schemas compile once per warm function.
 */
const compiled = new WeakMap<CustomTool, ToolDeclaration>();

/** The declaration of a tenant tool from its validated manifest entry. */
export function customToolDeclaration(
  tool: CustomTool,
  allowedHosts: readonly string[],
): ToolDeclaration {
  const hit = compiled.get(tool);
  if (hit) return hit;

  const declaration: ToolDeclaration = {
    name: tool.name,
    description: tool.description,
    risk: tool.risk,
    input: compileInput(tool),
    ...(tool.personalData ? { personalData: tool.personalData } : {}),
    target:
      tool.target.type === 'http'
        ? { ...tool.target, allowedHosts: [...allowedHosts] }
        : tool.target,
  };
  compiled.set(tool, declaration);
  return declaration;
}

function compileInput(tool: CustomTool) {
  try {
    return compileInputSchema(tool.input);
  } catch (error) {
    if (!(error instanceof InputSchemaError)) throw error;
    // The tenant configuration schema compiles every input on load.
    throw new InvariantError(
      `Tool ${tool.name} reached the catalogue unchecked: ${error.message}`,
      { cause: error },
    );
  }
}
