// A fresh temporary folder per test file, removed afterwards (the shared helper, main's names).
import { tempDir } from '../support/relay-process';

export function makeTempDir(prefix = 'handoff-main-'): { dir: string; file: (name: string) => string; remove: () => void } {
  const { dir, file, cleanup } = tempDir(prefix);
  return { dir, file, remove: cleanup };
}
