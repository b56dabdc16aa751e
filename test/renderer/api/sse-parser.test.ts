import { describe, expect, it } from 'vitest';
import { SseParser } from '../../../src-renderer/api/sse-parser';

describe('SSE parser', () => {
  it('yields complete events however the stream is split, and skips comments', () => {
    const parser = new SseParser();
    const stream = ': connected\n\ndata: {"a":1}\n\n: heartbeat\n\ndata: {"b":2}\r\n\r\ndata: line1\ndata: line2\n\n';
    const out: string[] = [];
    for (const ch of stream) out.push(...parser.push(ch));
    expect(out).toEqual(['{"a":1}', '{"b":2}', 'line1\nline2']);
  });

  it('keeps an unfinished event until its blank line arrives', () => {
    const parser = new SseParser();
    expect(parser.push('data: {"x"')).toEqual([]);
    expect(parser.push(':1}\n')).toEqual([]);
    expect(parser.push('\n')).toEqual(['{"x":1}']);
  });
});
