/**
 * Log lines gathered for a few milliseconds and written together: one write call for many requests'
 * access-log and function-log lines instead of one or two per request (a write is a system call, and on
 * a busy gateway the calls cost more than the rest of the logging).
 */
export type LineWriter = ((line: string) => void) & { flush(): void };

/** How long a line may wait before it is written. */
const FLUSH_AFTER_MS = 20;
/** Written at once past this many characters. */
const FLUSH_AT_CHARS = 64 * 1024;

export function bufferedLineWriter(stream: NodeJS.WritableStream): LineWriter {
  let pending = "";
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (pending === "") return;
    const text = pending;
    pending = "";
    stream.write(text);
  };
  const write = (line: string) => {
    pending += line;
    if (pending.length >= FLUSH_AT_CHARS) flush();
    else timer ??= setTimeout(flush, FLUSH_AFTER_MS);
  };
  return Object.assign(write, { flush });
}
