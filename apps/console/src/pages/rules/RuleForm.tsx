import type { Category } from '@leadflow/domain/src/rule';
import { countsTowardGrade } from '@leadflow/domain/src/score-grade';
import {
  Checkbox,
  Fieldset,
  Group,
  NativeSelect,
  Radio,
  Stack,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import type { FieldError } from '../../api/client';
import { operatorOptions, useCatalog } from '../../app/catalog';
import { fieldError, NumberField } from '../../components/ui';
import { CATEGORIES } from '@leadflow/domain/src/rule';
import { toFlatDraft, toNestedDraft } from '@leadflow/dsl/src/draft-rule';
import { type DraftRule, isNestedRule } from '@leadflow/dsl/src/types';
import { valueToText } from '../../rules/values';
import { ConditionBuilder } from './ConditionBuilder';

const messagesAt = (errors: FieldError[], field: string) =>
  errors.filter((error) => error.field === field).map((error) => error.message);

/**
 * The guide's "Add Scoring Rule" form (Name, Rule Type, Field Name, Operator, Value, Points, Priority, Is
 * Active), with the condition switchable to the nested builder, and whether the rule counts toward the grade.
 * Every field shows the API's errors for it.
 */
export function RuleForm({
  document,
  onChange,
  errors,
  readOnly,
}: {
  document: DraftRule;
  onChange: (document: DraftRule) => void;
  errors: FieldError[];
  readOnly: boolean;
}) {
  const catalog = useCatalog();
  const set = (changes: Partial<Record<string, unknown>>) => {
    onChange({ ...document, ...changes });
  };
  const flat = isNestedRule(document) ? undefined : document;
  const flattened = isNestedRule(document) ? toFlatDraft(document) : document;

  return (
    <Fieldset
      disabled={readOnly}
      variant="unstyled"
      miw={0}
      legend={<VisuallyHidden>Scoring rule</VisuallyHidden>}
    >
      <Stack gap="sm">
        <TextInput
          maw={560}
          label="Name"
          name="name"
          error={fieldError(messagesAt(errors, 'name'))}
          value={document.name}
          onChange={(e) => {
            set({ name: e.currentTarget.value });
          }}
        />
        <NativeSelect
          maw={560}
          label="Rule Type"
          name="rule_type"
          error={fieldError(messagesAt(errors, 'rule_type'))}
          value={document.rule_type}
          data={CATEGORIES.map((category) => ({
            value: category,
            label: `${category[0]?.toUpperCase() ?? ''}${category.slice(1)}`,
          }))}
          onChange={(e) => {
            set({ rule_type: e.currentTarget.value });
          }}
        />

        <Radio.Group
          label="Condition form"
          my="sm"
          value={isNestedRule(document) ? 'nested' : 'single'}
          onChange={(mode) => {
            if (mode === 'nested') onChange(toNestedDraft(document));
            else if (flattened) onChange(flattened);
          }}
          description={flattened ? undefined : 'These conditions are nested, so they need the builder.'}
        >
          <Group gap="md" mt={4}>
            <Radio value="single" label="Single condition" disabled={!flattened} />
            <Radio value="nested" label="Nested conditions (builder)" />
          </Group>
        </Radio.Group>

        {flat ? (
          <Fieldset legend="Condition" maw={560}>
            <Stack gap="sm">
              <TextInput
                maw={560}
                label="Field Name"
                name="field_name"
                description="a fact from the registry, or <activity type>_count"
                error={fieldError(messagesAt(errors, 'field_name'))}
                list="fact-names"
                value={flat.field_name}
                onChange={(e) => {
                  set({ field_name: e.currentTarget.value });
                }}
              />
              <datalist id="fact-names">
                {catalog.facts.map((fact) => (
                  <option key={fact.name} value={fact.name}>
                    {fact.type}: {fact.description}
                  </option>
                ))}
              </datalist>
              <NativeSelect
                maw={560}
                label="Operator"
                name="operator"
                error={fieldError(messagesAt(errors, 'operator'))}
                value={flat.operator}
                onChange={(e) => {
                  set({ operator: e.currentTarget.value });
                }}
              >
                {operatorOptions(catalog, flat.field_name, flat.operator).map((operator) => (
                  <option key={operator.name} value={operator.name} title={operator.description}>
                    {operator.label}
                  </option>
                ))}
              </NativeSelect>
              <TextInput
                maw={560}
                label="Value"
                name="value"
                description='as the guide writes it: ["Large", "Enterprise"], 3, director'
                error={fieldError(messagesAt(errors, 'value'))}
                value={valueToText(flat.value)}
                onChange={(e) => {
                  set({ value: e.currentTarget.value });
                }}
              />
            </Stack>
          </Fieldset>
        ) : (
          isNestedRule(document) && (
            <ConditionBuilder
              conditions={document.conditions}
              onChange={(conditions) => {
                set({ conditions });
              }}
              errors={errors}
            />
          )
        )}

        <NumberField
          maw={560}
          label="Points"
          name="points"
          min={-100}
          max={100}
          error={fieldError(messagesAt(errors, 'points'))}
          value={document.points}
          onValue={(value) => {
            set({ points: value });
          }}
        />
        <NumberField
          maw={560}
          label="Priority"
          name="priority"
          min={0}
          error={fieldError(messagesAt(errors, 'priority'))}
          value={document.priority}
          onValue={(value) => {
            set({ priority: value });
          }}
        />
        <Checkbox
          maw={560}
          label="Is Active"
          name="is_active"
          checked={document.is_active}
          onChange={(e) => {
            set({ is_active: e.currentTarget.checked });
          }}
        />
        <Checkbox
          maw={560}
          label="Counts toward the grade (profile fit)"
          name="counts_toward_grade"
          error={fieldError(messagesAt(errors, 'counts_toward_grade'))}
          checked={countsTowardGrade(document.rule_type as Category, document.counts_toward_grade)}
          onChange={(e) => {
            set({ counts_toward_grade: e.currentTarget.checked });
          }}
        />
      </Stack>
    </Fieldset>
  );
}
