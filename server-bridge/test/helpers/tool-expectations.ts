import type { Client } from '@modelcontextprotocol/client';
import { callTool, textOf } from './stack.js';
import { checkToolSnapshot } from './toolsnaps.js';

export type ToolResult = Awaited<ReturnType<typeof callTool>>;
type ListedTool = Awaited<ReturnType<Client['listTools']>>['tools'][number];

/** A successful result's structured content; a tool error fails the test with its text. */
export function expectOk(result: ToolResult): Record<string, unknown> {
  if (result.isError) throw new Error(`unexpected tool error: ${textOf(result)}`);
  return result.structuredContent!;
}

/** A tool error whose text holds every one of `parts`. */
export function expectError(result: ToolResult, ...parts: string[]): void {
  expect(result.isError).toBe(true);
  for (const part of parts) expect(textOf(result)).toContain(part);
}

/** Calls a tool that must succeed; its result, or the test fails with the tool's error. */
export async function okResult(
  client: Client,
  name: string,
  args: Record<string, unknown>,
): Promise<ToolResult> {
  const result = await callTool(client, name, args);
  if (result.isError) throw new Error(`${name}: ${textOf(result)}`);
  return result;
}

/** Calls a tool that must succeed; its structured content. */
export async function ok(
  client: Client,
  name: string,
  args: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  return (await okResult(client, name, args)).structuredContent as Record<string, unknown>;
}

/** Calls a tool that must answer with a tool error; the error's text. */
export async function refused(
  client: Client,
  name: string,
  args: Record<string, unknown>,
): Promise<string> {
  const result = await callTool(client, name, args);
  expect(result.isError).toBe(true);
  return textOf(result);
}

/** What each listed tool must show besides a schema that matches its snapshot. */
export interface ListingChecks {
  /** The read-only hint each tool carries. */
  readOnly?: (name: string) => boolean;
  /** That each tool lists an output schema. */
  outputSchema?: boolean;
}

/**
 * Lists `client`'s tools and checks that each of `names` is there with a schema matching its
 * snapshot, and with what `checks` asks. The listing, by name, for the file's own checks.
 */
export async function expectToolsMatchSnapshots(
  client: Client,
  names: readonly string[],
  checks: ListingChecks = {},
): Promise<Map<string, ListedTool>> {
  const { tools } = await client.listTools();
  const listed = new Map(tools.map((tool) => [tool.name, tool]));
  const failures: string[] = [];
  for (const name of names) {
    const tool = listed.get(name);
    expect(tool).toBeDefined();
    if (checks.readOnly) expect(tool!.annotations?.readOnlyHint).toBe(checks.readOnly(name));
    if (checks.outputSchema) expect(tool!.outputSchema).toBeDefined();
    const check = checkToolSnapshot(name, tool);
    if (!check.ok) failures.push(check.message);
  }
  expect(failures).toEqual([]);
  return listed;
}
