/**
 * The API's workflow validation names each problem by a JSON pointer into the document sent
 * (/steps/2/branch/then/0/config/owner_id). These pure functions give each problem to the graph node whose
 * step (or the trigger) it lies in, and within that node to the side-panel field it names.
 */
import { TRIGGER_ID } from './graph';

export interface PointerProblem {
  pointer: string;
  message: string;
}

/** A problem of one node: `path` is the pointer below the node's step ('config/owner_id'; '' = the step). */
export interface NodeProblem {
  path: string;
  message: string;
}

/** The document's top-level members that the trigger node edits. */
const TRIGGER_MEMBERS = ['trigger_type', 'trigger_config'];

function isUnder(pointer: string, prefix: string): boolean {
  return pointer === prefix || pointer.startsWith(`${prefix}/`);
}

/** The node a pointer lies in, and the path below it; the deepest step wins, as branches nest their steps. */
function nodeOf(
  pointer: string,
  pointers: Record<string, string>,
): { node: string; path: string } | undefined {
  const trigger = TRIGGER_MEMBERS.find((member) => isUnder(pointer, `/${member}`));
  if (trigger) return { node: TRIGGER_ID, path: pointer.slice(1) };
  let best: { node: string; prefix: string } | undefined;
  for (const [node, prefix] of Object.entries(pointers)) {
    if (isUnder(pointer, prefix) && (!best || prefix.length > best.prefix.length)) best = { node, prefix };
  }
  return best && { node: best.node, path: pointer.slice(best.prefix.length + 1) };
}

/**
 * Problems by node id. Those naming no node (the workflow's name, an empty step list) are left out: the
 * Checks panel lists every problem anyway.
 */
export function problemsByNode(
  problems: PointerProblem[],
  pointers: Record<string, string>,
): Map<string, NodeProblem[]> {
  const byNode = new Map<string, NodeProblem[]>();
  for (const problem of problems) {
    const place = nodeOf(problem.pointer, pointers);
    if (!place) continue;
    byNode.set(place.node, [
      ...(byNode.get(place.node) ?? []),
      { path: place.path, message: problem.message },
    ]);
  }
  return byNode;
}

/**
 * The messages to show beside the panel field that edits `member` (a path below the step, e.g. 'config'),
 * each prefixed by where inside the member it is ('owner_id: must be ...').
 */
export function messagesAt(problems: NodeProblem[], member: string): string[] {
  return problems
    .filter((problem) => isUnder(problem.path, member))
    .map((problem) => {
      const inner = problem.path.slice(member.length + 1);
      return inner ? `${inner.replace(/\//g, '.')}: ${problem.message}` : problem.message;
    });
}

/** The problems no panel field of the node shows (`members` are the fields it has), shown atop the panel. */
export function otherProblems(problems: NodeProblem[], members: string[]): string[] {
  return problems
    .filter((problem) => !members.some((member) => isUnder(problem.path, member)))
    .map((problem) =>
      problem.path ? `${problem.path.replace(/\//g, '.')}: ${problem.message}` : problem.message,
    );
}
