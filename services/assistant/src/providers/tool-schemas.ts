import { zodToJsonSchema } from 'zod-to-json-schema';
import { TOOL_DESCRIPTIONS, TOOL_NAMES, toolArgs, type ToolName } from '@booth/shared/api';

/** A JSON Schema object, as sent to a model. */
export type JsonSchema = Record<string, unknown>;

/**
 * A tool as both wires describe it: OpenAI chat-completions `tools[]` and Ollama `/api/chat`
 * `tools[]` share the `{ type: 'function', function: { name, description, parameters } }` format.
 */
export interface ToolDefinition {
  type: 'function';
  function: { name: ToolName; description: string; parameters: JsonSchema };
}

/**
 * The JSON Schema of a tool's arguments, from its zod schema (what the answer is validated with
 * afterwards: refinements such as "a real calendar day" are checked then, not by the model).
 */
export function toolParameters(tool: ToolName): JsonSchema {
  const { $schema: _drop, ...schema } = zodToJsonSchema(toolArgs[tool], {
    target: 'jsonSchema7',
    $refStrategy: 'none',
    effectStrategy: 'input',
  }) as JsonSchema;
  return schema;
}

/** Every tool, in `TOOL_NAMES` order, with its description and parameters. */
export const TOOL_DEFINITIONS: readonly ToolDefinition[] = TOOL_NAMES.map((name) => ({
  type: 'function',
  function: { name, description: TOOL_DESCRIPTIONS[name], parameters: toolParameters(name) },
}));
