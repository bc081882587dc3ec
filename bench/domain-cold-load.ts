// Child process of domain.bench.ts: a truly cold start (fresh process and heap)
// that loads an encoded workspace document and folds every task. Prints JSON.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { createRepository } from '../src-shared/doc/repository';
import { TEAM, withMembers } from '../src-shared/doc/test-support';

const encoded = readFileSync(process.argv[2] as string);
const loadStart = performance.now();
const doc = new Y.Doc();
Y.applyUpdate(doc, encoded);
const loadMs = performance.now() - loadStart;
const cpuStart = process.cpuUsage();
const foldStart = performance.now();
const repo = createRepository(withMembers(doc, TEAM), { actor: 'alice' });
const foldMs = performance.now() - foldStart;
const cpu = process.cpuUsage(cpuStart);
console.log(JSON.stringify({ loadMs, foldMs, foldCpuMs: (cpu.user + cpu.system) / 1000, folded: repo.view.all().length }));
