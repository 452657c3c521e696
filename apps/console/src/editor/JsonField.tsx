import { Stack, Text } from '@mantine/core';
import { useId } from 'react';
import { CodeEditor, type FieldProblem } from './CodeEditor';

/**
 * A labelled JSON editor with its errors listed under it (and tied to it for screen readers): what every
 * JSON box of the console is, the rule DSL, a workflow, a step's action config or a simulation draft.
 */
export function JsonField({
  label,
  text,
  onText,
  errors = [],
  problems,
  schema,
  readOnly = false,
}: {
  label: string;
  text: string;
  onText?: (text: string) => void;
  /** what is wrong, as sentences under the editor */
  errors?: string[];
  /** the API validator's problems, marked in the text at the field each names */
  problems?: readonly FieldProblem[];
  schema?: object;
  readOnly?: boolean;
}) {
  const id = useId();
  return (
    // json-field: the box with its label and errors, as the browser tests find it
    <Stack gap={4} miw={0} mb="sm" className="json-field">
      <Text component="span" fw={600} size="sm">
        {label}
      </Text>
      <CodeEditor
        label={label}
        value={text}
        schema={schema}
        readOnly={readOnly}
        {...(problems ? { problems } : {})}
        {...(onText ? { onChange: onText } : {})}
        {...(errors.length ? { describedBy: `${id}-help` } : {})}
      />
      {errors.length > 0 && (
        <div id={`${id}-help`}>
          {errors.map((error) => (
            <Text key={error} c="red.8" size="sm" role="alert">
              {error}
            </Text>
          ))}
        </div>
      )}
    </Stack>
  );
}
