/**
 * Reads a body stream as UTF-8 text up to `limit` bytes; beyond it, the stream is cancelled (the rest is never
 * read) and the text is marked truncated.
 */
export async function readCapped(
  body: ReadableStream<Uint8Array> | null | undefined,
  limit: number,
): Promise<{ text: string; truncated: boolean }> {
  if (!body) return { text: '', truncated: false };
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const room = limit - size;
    if (value.byteLength > room) {
      parts.push(decoder.decode(value.subarray(0, room), { stream: true }));
      await reader.cancel().catch(() => undefined);
      return { text: parts.join('') + decoder.decode(), truncated: true };
    }
    size += value.byteLength;
    parts.push(decoder.decode(value, { stream: true }));
  }
  parts.push(decoder.decode());
  return { text: parts.join(''), truncated: false };
}
