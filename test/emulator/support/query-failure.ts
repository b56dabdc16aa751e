import { HogQLQueryError, type HogQLEngine } from '../../posthog-emulator/engine/types';

/** The HogQLQueryError a query is refused with; fails the test if the query runs. */
export async function queryFailure(engine: HogQLEngine, query: string, values?: Record<string, unknown>): Promise<HogQLQueryError> {
  try {
    await engine.query({ query, values });
  } catch (error) {
    if (error instanceof HogQLQueryError) return error;
    throw error;
  }
  throw new Error(`expected "${query}" to fail`);
}
