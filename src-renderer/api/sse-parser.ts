/**
 * Incremental parser for a server-sent-events stream (the browser host's /api/events).
 * Fed decoded text chunks in any split; yields the `data` of each complete event. Comment lines
 * (`: heartbeat`) and other fields are ignored; multi-line data is joined with newlines, as the spec says.
 */
export class SseParser {
  private buffer = '';

  push(chunk: string): string[] {
    this.buffer += chunk.replace(/\r\n?/g, '\n');
    const out: string[] = [];
    let boundary = this.buffer.indexOf('\n\n');
    while (boundary !== -1) {
      const block = this.buffer.slice(0, boundary);
      this.buffer = this.buffer.slice(boundary + 2);
      const data = block
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).replace(/^ /, ''));
      if (data.length > 0) out.push(data.join('\n'));
      boundary = this.buffer.indexOf('\n\n');
    }
    return out;
  }
}
