import { Box, Text, TextInput } from '@mantine/core';
import { MantineActionElement, MantineNotToggle, MantineValueSelector } from '@react-querybuilder/mantine';
import { createContext, useContext, useEffect, useMemo, useState } from 'react';
import {
  type ActionProps,
  type Field,
  type OperatorSelectorProps,
  prepareRuleGroup,
  QueryBuilder,
  type RuleGroupType,
  TestID,
  type ValueEditorProps,
  type ValueSelectorProps,
} from 'react-querybuilder';
import 'react-querybuilder/dist/query-builder.css';
import type { FieldError } from '../../api/client';
import type { FactCatalog } from '../../api/types';
import { factOf, operandOf, operatorOptions, useCatalog } from '../../app/catalog';
import { type BuilderGroup, builderPathOfField, builderToDsl, dslToBuilder } from '../../rules/builder';
import { type DraftGroup, type DraftNode, isLeaf } from '@leadflow/dsl/src/types';
import { textToValue, valueToText } from '../../rules/values';

/** The DSL's words for the builder's and/or: a group is `all` or `any` of its conditions. */
const COMBINATORS = [
  { name: 'and', label: 'all' },
  { name: 'or', label: 'any' },
];

/** The builder's buttons, quieter than a page's own actions; the removing ones in red. */
function ActionElement(props: ActionProps) {
  const removes = props.testID === TestID.removeRule || props.testID === TestID.removeGroup;
  return (
    <MantineActionElement
      {...props}
      size="compact-sm"
      variant={removes ? 'subtle' : 'light'}
      color={removes ? 'red' : undefined}
    />
  );
}

/** Field and all/any choices: small, and wide enough for a fact's name with its type. */
function ValueSelector(props: ValueSelectorProps) {
  return <MantineValueSelector {...props} size="xs" w={props.testID === TestID.fields ? 210 : 80} />;
}

/** API errors by builder rule path ("1/0"), so each rule shows the problems the API found in it. */
const LeafErrors = createContext<Map<string, string[]>>(new Map());

function ValueEditor(props: ValueEditorProps) {
  const catalog = useCatalog();
  const errors = useContext(LeafErrors).get(props.path.join('/')) ?? [];
  const kind = operandOf(catalog, props.operator);
  const [text, setText] = useState(valueToText(props.value));
  // Keep the box in step when the value changes elsewhere (the JSON tab), but not while it is being typed in.
  useEffect(() => {
    if (JSON.stringify(textToValue(kind, text, props.value)) !== JSON.stringify(props.value)) {
      setText(valueToText(props.value));
    }
    // only changes of the value from outside matter here, not every keystroke
  }, [props.value]);
  const hint =
    kind === 'list' ? 'list: ["a", "b"] or a, b' : kind === 'range' ? 'range: low, high' : undefined;
  return kind === 'none' ? null : (
    <TextInput
      size="xs"
      w={errors.length > 0 ? undefined : 150}
      aria-label={`Value of condition ${props.path.map((i) => i + 1).join('.')}`}
      title="Value"
      value={text}
      placeholder={hint}
      error={errors.length > 0 ? errors.join('; ') : undefined}
      // the message is an alert, so a screen reader hears the API's verdict on the value as it arrives
      errorProps={{ role: 'alert' }}
      onChange={(event) => {
        setText(event.currentTarget.value);
        props.handleOnChange(textToValue(kind, event.currentTarget.value, props.value));
      }}
    />
  );
}

/**
 * The operator of a condition, always as stored: one its field does not take (or one the catalog does not
 * know) stays selected under its own name, marked, with the validator's error beside the value.
 */
function OperatorSelector(props: OperatorSelectorProps) {
  const catalog = useCatalog();
  const field = typeof props.rule.field === 'string' ? props.rule.field : '';
  const options = operatorOptions(catalog, field, props.value);
  const misfit = options.find((option) => !option.fits && option.name === props.value);
  return (
    <MantineValueSelector
      {...props}
      aria-label={`Operator of condition ${props.path.map((i) => i + 1).join('.')}`}
      size="xs"
      error={misfit !== undefined}
      // a misfit's label says why ("greater_than (does not fit technologies)"): its box is as wide as it
      w={misfit ? `${misfit.label.length + 4}ch` : 170}
      allowDeselect={false}
      options={options.map(({ name, label }) => ({ name, value: name, label }))}
    />
  );
}

/** The Mantine compat package's controls, with the console's own operator and value editors among them. */
const CONTROLS = {
  actionElement: ActionElement,
  notToggle: MantineNotToggle,
  valueSelector: ValueSelector,
  valueEditor: ValueEditor,
  operatorSelector: OperatorSelector,
};

const TRANSLATIONS = {
  addRule: { label: '+ Condition', title: 'Add condition' },
  addGroup: { label: '+ Group', title: 'Add group' },
  removeRule: { label: 'Remove', title: 'Remove condition' },
  removeGroup: { label: 'Remove group', title: 'Remove group' },
  fields: { title: 'Field' },
  operators: { title: 'Operator' },
  combinators: { title: 'all: every condition holds; any: at least one does' },
  notToggle: { label: 'not', title: 'Negate this group' },
};

/** Every fact of the registry, plus facts the conditions use that it only implies (`<type>_count`). */
function fieldsOf(catalog: FactCatalog, conditions: DraftGroup): Field[] {
  const used = new Set<string>();
  const collect = (node: DraftNode) => {
    if (isLeaf(node)) used.add(node.field);
    else if ('not' in node) collect(node.not);
    else ('all' in node ? node.all : node.any).forEach(collect);
  };
  collect(conditions);
  const names = [
    ...catalog.facts.map((fact) => fact.name),
    ...[...used].filter((name) => !catalog.facts.some((f) => f.name === name)),
  ];
  return names.map((name) => ({ name, label: `${name} (${factOf(catalog, name)?.type ?? 'unknown'})` }));
}

/**
 * The nested `all`/`any`/`not` conditions of a rule as a visual builder (react-querybuilder). The field list
 * and each field's operators come from the API's fact registry; the API's errors appear on the rule they name.
 */
export function ConditionBuilder({
  conditions,
  onChange,
  errors,
}: {
  conditions: DraftGroup;
  onChange: (conditions: DraftGroup) => void;
  errors: FieldError[];
}) {
  const catalog = useCatalog();
  // With ids given once here: a query without them gets new ones on every render of the builder, which
  // remounts every control (a select's open list closed, focus lost) whenever the API's errors arrive.
  const [query, setQuery] = useState<BuilderGroup>(() => prepareRuleGroup(dslToBuilder(conditions)));
  // The JSON tab may replace the conditions; rebuild the builder's query only when they really differ.
  useEffect(() => {
    if (JSON.stringify(builderToDsl(query)) !== JSON.stringify(conditions))
      setQuery(prepareRuleGroup(dslToBuilder(conditions)));
    // the query itself is this component's own echo of the conditions
  }, [conditions]);
  const fields = useMemo(() => fieldsOf(catalog, conditions), [catalog, conditions]);
  const errorsByPath = useMemo(() => {
    const byPath = new Map<string, string[]>();
    for (const error of errors) {
      const place = builderPathOfField(error.field, conditions);
      if (!place) continue;
      const key = place.path.join('/');
      byPath.set(key, [
        ...(byPath.get(key) ?? []),
        place.key ? `${place.key}: ${error.message}` : error.message,
      ]);
    }
    return byPath;
  }, [errors, conditions]);
  const rootErrors = errorsByPath.get('') ?? [];

  return (
    <LeafErrors.Provider value={errorsByPath}>
      <Box className="condition-builder" my="xs" aria-label="Condition builder" role="group">
        <QueryBuilder
          fields={fields}
          query={query as RuleGroupType}
          onQueryChange={(next: RuleGroupType) => {
            setQuery(next);
            onChange(builderToDsl(next));
          }}
          getOperators={(field: string) =>
            operatorOptions(catalog, field).map(({ name, label }) => ({ name, label }))
          }
          getDefaultValue={() => ''}
          controlElements={CONTROLS}
          combinators={COMBINATORS}
          showNotToggle
          enableMountQueryChange={false}
          resetOnFieldChange={false}
          translations={TRANSLATIONS}
        />
        {rootErrors.map((error) => (
          <Text key={error} c="red.9" size="sm" role="alert">
            {error}
          </Text>
        ))}
      </Box>
    </LeafErrors.Provider>
  );
}
