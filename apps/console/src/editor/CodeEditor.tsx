import { json, jsonParseLinter } from '@codemirror/lang-json';
import { type Diagnostic, linter, lintGutter } from '@codemirror/lint';
import { Annotation, Compartment, EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { disableErrorLogging } from 'best-effort-json-parser';
import { basicSetup } from 'codemirror';
import { getJsonPointers, jsonSchema } from 'codemirror-json-schema';
import { useEffect, useRef } from 'react';
import { placeProblems } from './server-problems';

/** A problem as the API names it: a dotted field path into the document and what is wrong there. */
export interface FieldProblem {
  field: string;
  message: string;
}

// codemirror-json-schema reads half-typed JSON with best-effort-json-parser, which console.errors every
// document with text after its end: the editor shows parse problems itself.
disableErrorLogging();

/** Marks a change that came from `value` (outside), which is not reported back through `onChange`. */
const fromOutside = Annotation.define<boolean>();

function serverLinter(problems: readonly FieldProblem[]) {
  return linter(
    (view): Diagnostic[] =>
      problems.length === 0
        ? []
        : placeProblems(problems, getJsonPointers(view.state, 'json4')).map((placed) => ({
            from: Math.min(placed.from, view.state.doc.length),
            to: Math.min(placed.to, view.state.doc.length),
            severity: 'error',
            source: 'server',
            message: placed.message,
          })),
    { delay: 0 },
  );
}

/**
 * A JSON editor (CodeMirror 6): line numbers, highlighting, bracket matching, and with a JSON Schema its
 * completion, hover docs from the schema's descriptions and schema errors as you type; the API validator's
 * problems (`problems`) are marked at the line of the field they name and follow the text as it is edited.
 * Tab moves focus on (no tab trapping): indentation is by Enter, as in the rest of the console's forms.
 */
export function CodeEditor({
  label,
  value,
  onChange,
  schema,
  problems = [],
  readOnly = false,
  describedBy,
}: {
  label: string;
  value: string;
  onChange?: (text: string) => void;
  schema?: object;
  problems?: readonly FieldProblem[];
  readOnly?: boolean;
  /** id of the text that explains the editor's state (its errors under it) */
  describedBy?: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const server = useRef(new Compartment());
  const editable = useRef(new Compartment());

  useEffect(() => {
    if (!host.current) return;
    const created = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: value,
        extensions: [
          basicSetup,
          // without a schema only JSON itself: the library's completion answers [] then, which CodeMirror
          // cannot read (a TypeError on every keystroke)
          schema ? jsonSchema(schema) : [json(), linter(jsonParseLinter())],
          lintGutter(),
          server.current.of(serverLinter(problems)),
          editable.current.of([EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)]),
          EditorView.contentAttributes.of({
            // a tab stop even when read-only, so a keyboard reaches and scrolls every editor (axe's
            // scrollable-region-focusable does not count contenteditable alone as focusable)
            tabindex: '0',
            'aria-label': label,
            ...(describedBy ? { 'aria-describedby': describedBy } : {}),
          }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged && !update.transactions.some((t) => t.annotation(fromOutside)))
              onChangeRef.current?.(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = created;
    return () => {
      created.destroy();
      view.current = null;
    };
    // the view is made once; the effects below carry later changes of its inputs into it
  }, []);

  useEffect(() => {
    const current = view.current;
    if (!current || current.state.doc.toString() === value) return;
    current.dispatch({
      changes: { from: 0, to: current.state.doc.length, insert: value },
      annotations: fromOutside.of(true),
    });
  }, [value]);

  useEffect(() => {
    view.current?.dispatch({ effects: server.current.reconfigure(serverLinter(problems)) });
  }, [problems]);

  useEffect(() => {
    view.current?.dispatch({
      effects: editable.current.reconfigure([
        EditorState.readOnly.of(readOnly),
        EditorView.editable.of(!readOnly),
      ]),
    });
  }, [readOnly]);

  return <div ref={host} className="code-editor" />;
}
