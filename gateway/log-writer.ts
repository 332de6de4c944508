/**
 * Log lines gathered during one turn of the event loop and written together: one write call for many
 * requests' access-log and function-log lines instead of one or two per request.
 */
export type LineWriter = ((line: string) => void) & { flush(): void };

export function bufferedLineWriter(stream: NodeJS.WritableStream): LineWriter {
  let pending = "";
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (pending === "") return;
    const text = pending;
    pending = "";
    stream.write(text);
  };
  const write = (line: string) => {
    pending += line;
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };
  return Object.assign(write, { flush });
}
