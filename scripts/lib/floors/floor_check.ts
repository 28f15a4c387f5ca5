/**
 * Finds the imports that run up or across a floor and the module cycles.
 */
import { CHECKED_FOLDERS, mayImport, topFolder } from './floors.js';
import { buildImportGraph } from './import_graph.js';
import { findCycles } from './module_cycles.js';

export type FloorViolation =
  | { kind: 'floor'; from: string; to: string }
  | { kind: 'cycle'; modules: string[] };

export interface FloorReport {
  modules: number;
  edges: number;
  violations: FloorViolation[];
}

export function findFloorViolations(root: string): FloorReport {
  const graph = buildImportGraph(root, CHECKED_FOLDERS);
  const violations: FloorViolation[] = [];
  let edges = 0;
  for (const [from, targets] of graph.edges) {
    for (const to of targets) {
      edges += 1;
      if (!mayImport(topFolder(from), topFolder(to))) violations.push({ kind: 'floor', from, to });
    }
  }
  for (const cycle of findCycles(graph.edges)) violations.push({ kind: 'cycle', modules: cycle });
  return { modules: graph.modules.length, edges, violations };
}

export function formatViolation(violation: FloorViolation): string {
  return violation.kind === 'floor'
    ? `[floors] ${violation.from} imports ${violation.to} (${topFolder(violation.from)} may not import ${topFolder(violation.to)})`
    : `[floors] import cycle: ${violation.modules.join(' → ')} → ${violation.modules[0]}`;
}
