/**
 * Test-only HogQL checks (nothing runs at runtime): parse with PostHog's own parser, then list every
 * function call and placeholder of the AST, and PostHog's list of exposed function names.
 */
import { readFileSync } from 'node:fs';
import createHogQLParser from '@posthog/hogql-parser';
import type { HogQLParser } from '@posthog/hogql-parser';

const FUNCTION_LIST = new URL('../../../emulator/hogql/posthog-functions.txt', import.meta.url);

/** Every HogQL function name PostHog exposes (`test/emulator/hogql/posthog-functions.txt`). */
export function posthogFunctionNames(): Set<string> {
  return new Set(
    readFileSync(FUNCTION_LIST, 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.length > 0 && !line.startsWith('#')),
  );
}

/** ClickHouse-only functions PostHog cannot run elsewhere (and the emulator refuses). */
export const FORBIDDEN_FUNCTIONS = ['windowFunnel', 'retention', 'sequenceMatch', 'sequenceCount'];

let parser: Promise<HogQLParser> | null = null;

export interface HogQLShape {
  /** The parser's error message, or null when the text parses. */
  error: string | null;
  /** Names of every `Call` node. */
  calls: string[];
  /** Names of every `{placeholder}`. */
  placeholders: string[];
}

function walk(node: unknown, visit: (o: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, visit);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const o = node as Record<string, unknown>;
  visit(o);
  for (const value of Object.values(o)) walk(value, visit);
}

export async function inspectHogQL(sql: string): Promise<HogQLShape> {
  parser ??= createHogQLParser();
  const p = await parser;
  const ast: unknown = JSON.parse(p.parseSelect(sql, true));
  if (ast !== null && typeof ast === 'object' && (ast as Record<string, unknown>).error === true) {
    return { error: String((ast as Record<string, unknown>).message), calls: [], placeholders: [] };
  }
  const calls: string[] = [];
  const placeholders: string[] = [];
  walk(ast, (o) => {
    if (o.node === 'Call' && typeof o.name === 'string') calls.push(o.name);
    if (o.node === 'Placeholder') {
      const expr = o.expr as Record<string, unknown> | undefined;
      const chain = expr?.chain;
      placeholders.push(Array.isArray(chain) ? chain.join('.') : JSON.stringify(o));
    }
  });
  return { error: null, calls, placeholders };
}
