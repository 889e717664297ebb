import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import { TOOL_CATALOGUE } from '../../functions/shared/tool-catalogue';
import { RETAIL_DIR } from './tau-bench';

interface TauTool {
  readonly function: {
    readonly name: string;
    readonly parameters: {
      readonly properties: Record<string, { type: string; enum?: string[] }>;
      readonly required: readonly string[];
    };
  };
}

/** τ-bench's retail tool schemas: the store's and the assistant's own. */
const TAU_TOOLS = (
  JSON.parse(
    readFileSync(path.join(RETAIL_DIR, 'tools_schema.json'), 'utf8'),
  ) as TauTool[]
).map((tool) => tool.function);

describe('tool declarations', () => {
  it('cover every tool of τ-bench retail', () => {
    // Act
    const names = TAU_TOOLS.map((tool) => tool.name).sort();

    // Assess
    expect(names).toEqual(Object.keys(TOOL_CATALOGUE).sort());
  });

  it.each(TAU_TOOLS.map((tool) => [tool.name, tool] as const))(
    '%s takes the parameters τ-bench declares',
    (name, tool) => {
      // Act
      const json = z.toJSONSchema(TOOL_CATALOGUE[name].input, {
        target: 'draft-7',
      }) as TauTool['function']['parameters'];

      // Assess
      const { properties, required } = tool.parameters;
      expect(Object.keys(json.properties).sort()).toEqual(
        Object.keys(properties).sort(),
      );
      expect([...(json.required ?? [])].sort()).toEqual([...required].sort());
      for (const [field, spec] of Object.entries(properties)) {
        expect(json.properties[field].type).toBe(spec.type);
        expect(json.properties[field].enum).toEqual(spec.enum);
      }
    },
  );
});
