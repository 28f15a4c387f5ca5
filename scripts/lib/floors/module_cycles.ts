/**
 * Strongly connected components of the module graph (Tarjan): every component with more
 * than one module, or a module importing itself, is a cycle.
 */
export function findCycles(edges: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;

  const visit = (module: string): void => {
    index.set(module, counter);
    lowLink.set(module, counter);
    counter += 1;
    stack.push(module);
    onStack.add(module);
    for (const next of edges.get(module) ?? []) {
      if (!edges.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        lowLink.set(module, Math.min(lowLink.get(module) ?? 0, lowLink.get(next) ?? 0));
      } else if (onStack.has(next)) {
        lowLink.set(module, Math.min(lowLink.get(module) ?? 0, index.get(next) ?? 0));
      }
    }
    if (lowLink.get(module) !== index.get(module)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      component.push(member);
    } while (member !== module);
    const selfImport = (edges.get(module) ?? []).includes(module);
    if (component.length > 1 || selfImport) cycles.push(component.reverse());
  };

  for (const module of [...edges.keys()].sort()) if (!index.has(module)) visit(module);
  return cycles;
}
