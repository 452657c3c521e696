/** Where one node of the JSON text is: its key (absent for the root and array items) and its value. */
export interface NodeRange {
  keyFrom: number;
  keyTo: number;
  valueFrom?: number;
  valueTo?: number;
}

/** A problem the API's validator named, placed in the text. */
export interface PlacedProblem {
  from: number;
  to: number;
  message: string;
}

/** The API's dotted field ("conditions.all.0.value") as a JSON pointer ("/conditions/all/0/value"). */
export function pointerOf(field: string): string {
  if (!field) return '';
  return `/${field
    .split('.')
    .map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1'))
    .join('/')}`;
}

/**
 * Places each problem at the node its field names, or at the nearest node above it that the text has (a
 * missing property is reported at the object that lacks it); a problem of the whole document, or of a text
 * that no longer has the path at all, goes on the first line. `nodes` maps JSON pointers to ranges, as
 * codemirror-json-schema's `getJsonPointers` gives them.
 */
export function placeProblems(
  problems: readonly { field: string; message: string }[],
  nodes: ReadonlyMap<string, NodeRange>,
): PlacedProblem[] {
  return problems.map((problem) => {
    let pointer = pointerOf(problem.field);
    for (;;) {
      if (pointer === '') return { from: 0, to: 1, message: problem.message };
      const node = nodes.get(pointer);
      if (node) {
        const from = node.valueFrom ?? node.keyFrom;
        const to = node.valueTo ?? node.keyTo;
        const message = problem.field ? `${problem.field}: ${problem.message}` : problem.message;
        // a large object or array is marked at its key (or opening bracket), not over every line it spans
        return node.valueTo !== undefined && node.valueTo - from > 80 && node.keyTo > node.keyFrom
          ? { from: node.keyFrom, to: node.keyTo, message }
          : { from, to: Math.max(to, from + 1), message };
      }
      pointer = pointer.slice(0, pointer.lastIndexOf('/'));
    }
  });
}
