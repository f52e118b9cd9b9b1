/** Polls until `check` stops throwing, or fails with its last error after `timeoutMs` (for what the catalog shows later). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise(r => setTimeout(r, 250));
    }
  }
}
