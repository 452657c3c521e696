import ruleSchema from '@leadflow/dsl/schemas/scoring-rule.schema.json';
import { SimpleGrid } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { FieldError } from '../../api/client';
import { JsonField } from '../../editor/JsonField';
import { decompileDraftRule, draftRuleOf } from '@leadflow/dsl/src/draft-rule';
import type { DraftRule } from '@leadflow/dsl/src/types';
import { describeJsonError, type JsonSyntaxError, parseJson } from '../../rules/json-error';

const pretty = (value: unknown) => JSON.stringify(value, null, 2);

/**
 * A JSON text box that follows its value from outside, but keeps what the person typed while it does not
 * parse (or means the same thing), and says where it stops parsing (line and column), also to its owner.
 */
function JsonBox({
  label,
  value,
  onValue,
  onSyntaxError,
  errors,
  problems = [],
  schema,
  readOnly,
}: {
  label: string;
  value: unknown;
  onValue: (parsed: unknown) => void;
  onSyntaxError?: (error: JsonSyntaxError | undefined) => void;
  errors: string[];
  /** the API validator's problems, also marked in the text at their field */
  problems?: FieldError[];
  schema?: object;
  readOnly: boolean;
}) {
  const [text, setText] = useState(pretty(value));
  const [parseError, setParseError] = useState<string>();
  useEffect(() => {
    setText((current) => {
      try {
        return pretty(JSON.parse(current)) === pretty(value) ? current : pretty(value);
      } catch {
        return current;
      }
    });
  }, [value]);
  return (
    <JsonField
      label={label}
      text={text}
      schema={schema}
      problems={problems}
      readOnly={readOnly}
      errors={[...(parseError ? [parseError] : []), ...errors]}
      onText={(typed) => {
        setText(typed);
        const parsed = parseJson(typed);
        onSyntaxError?.(parsed.ok ? undefined : parsed.error);
        if (parsed.ok) {
          setParseError(undefined);
          onValue(parsed.value);
        } else setParseError(`not valid JSON at ${describeJsonError(parsed.error)}`);
      }}
    />
  );
}

/**
 * The rule as DSL and as the compiled json-rules-engine rule the API made of it. Editing either updates the
 * rule (and with it the form, the builder and the other side).
 */
export function RuleJson({
  document,
  compiled,
  onChange,
  onSyntaxError,
  errors,
  readOnly,
}: {
  document: DraftRule;
  compiled: Record<string, unknown> | null;
  onChange: (document: DraftRule) => void;
  /** the DSL box's syntax error, or undefined once it parses: the page keeps the tab while there is one */
  onSyntaxError: (error: JsonSyntaxError | undefined) => void;
  errors: FieldError[];
  readOnly: boolean;
}) {
  const [compiledError, setCompiledError] = useState<string>();
  return (
    <SimpleGrid cols={2}>
      <JsonBox
        label="Rule DSL (JSON)"
        value={document}
        readOnly={readOnly}
        onSyntaxError={onSyntaxError}
        schema={ruleSchema}
        problems={errors}
        errors={errors.map((error) => (error.field ? `${error.field}: ${error.message}` : error.message))}
        onValue={(parsed) => {
          if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
            onChange(draftRuleOf(parsed as Record<string, unknown>));
          }
        }}
      />
      <JsonBox
        label="Compiled json-rules-engine rule (JSON)"
        value={compiled ?? {}}
        readOnly={readOnly}
        errors={compiledError ? [compiledError] : []}
        onValue={(parsed) => {
          try {
            onChange(decompileDraftRule(parsed, document));
            setCompiledError(undefined);
          } catch (error) {
            setCompiledError(error instanceof Error ? error.message : String(error));
          }
        }}
      />
    </SimpleGrid>
  );
}
