// Structured logs: one JSON object per line. Callers pass fields explicitly; nothing here ever
// sees a request URL or a header, so a token cannot reach a log by accident (the upgrade code
// logs the path and the token id only).
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type RelayLog = (level: LogLevel, event: string, fields?: Record<string, unknown>) => void;

export function jsonLineLogger(write: (line: string) => void = (line) => process.stdout.write(line)): RelayLog {
  return (level, event, fields = {}) => {
    write(JSON.stringify({ time: new Date().toISOString(), level, event, ...fields }) + '\n');
  };
}

export const silentLog: RelayLog = () => {};

export function errorFields(error: unknown): Record<string, unknown> {
  return error instanceof Error ? { error: error.message, errorName: error.name } : { error: String(error) };
}
