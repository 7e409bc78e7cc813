/** What a BullMQ Worker and Queue share for this. */
interface Closable {
  waitUntilReady(): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * Closes a BullMQ worker or queue; one still connecting is first let finish connecting (at most
 * `waitMs`): closed mid-connect, BullMQ's connection emits "Connection is closed" as an 'error' after
 * its owner stopped listening, which kills the process (a SIGTERM right after start).
 */
export async function closeWhenConnected(c: Closable, waitMs = 5000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    c.waitUntilReady().catch(() => undefined),
    new Promise((resolve) => (timer = setTimeout(resolve, waitMs))),
  ]);
  clearTimeout(timer);
  await c.close();
}
