// Which SQLite file holds a workspace's replica: one file per generation of the live document
// (archive-api.ts), so a generation move builds the new replica beside the old one and the old
// file opens until the move is complete. Generation 0 is the file it always was; the current
// generation is remembered in `<base>.generation` (written atomically, after the move's port).
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

const GEN_SUFFIX = /\.gen(\d+)\.sqlite$/;

/** The workspace's base file (generation 0's) from any generation's file. */
export function baseReplicaFile(file: string): string {
  return file.replace(GEN_SUFFIX, '.sqlite');
}

export function generationFile(baseFile: string, generation: number): string {
  if (generation === 0) return baseFile;
  return `${baseFile.replace(/\.sqlite$/, '')}.gen${generation}.sqlite`;
}

const pointerFile = (baseFile: string) => `${baseFile}.generation`;

/** The generation this device's replica of the workspace belongs to (0 before any move). */
export function currentGeneration(baseFile: string): number {
  const file = pointerFile(baseFile);
  if (!existsSync(file)) return 0;
  const value = Number((JSON.parse(readFileSync(file, 'utf8')) as { generation?: unknown }).generation);
  return Number.isSafeInteger(value) && value >= 0 ? value : 0;
}

export function saveGeneration(baseFile: string, generation: number): void {
  const file = pointerFile(baseFile);
  writeFileSync(`${file}.tmp`, JSON.stringify({ generation }));
  renameSync(`${file}.tmp`, file);
}

/** The file of the generation that opens now. */
export function currentReplicaFile(baseFile: string): { file: string; generation: number } {
  const generation = currentGeneration(baseFile);
  return { file: generationFile(baseFile, generation), generation };
}
