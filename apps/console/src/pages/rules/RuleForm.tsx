import type { FieldError } from '../../api/client';
import { operatorOptions, useCatalog } from '../../app/catalog';
import { Field } from '../../components/ui';
import {
  CATEGORIES,
  countsTowardGrade,
  isNested,
  type RuleDocument,
  toFlat,
  toNested,
} from '../../rules/dsl';
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
  document: RuleDocument;
  onChange: (document: RuleDocument) => void;
  errors: FieldError[];
  readOnly: boolean;
}) {
  const catalog = useCatalog();
  const set = (changes: Partial<Record<string, unknown>>) => {
    onChange({ ...document, ...changes });
  };
  const number = (text: string) => (text === '' || Number.isNaN(Number(text)) ? text : Number(text));
  const flat = isNested(document) ? undefined : document;
  const flattened = isNested(document) ? toFlat(document) : document;

  return (
    <fieldset disabled={readOnly} className="rule-form">
      <legend className="visually-hidden">Scoring rule</legend>
      <Field label="Name" errors={messagesAt(errors, 'name')}>
        {(props) => (
          <input
            {...props}
            name="name"
            value={document.name}
            onChange={(e) => {
              set({ name: e.target.value });
            }}
          />
        )}
      </Field>
      <Field label="Rule Type" errors={messagesAt(errors, 'rule_type')}>
        {(props) => (
          <select
            {...props}
            name="rule_type"
            value={document.rule_type}
            onChange={(e) => {
              set({ rule_type: e.target.value });
            }}
          >
            {CATEGORIES.map((category) => (
              <option key={category} value={category}>
                {category[0]?.toUpperCase()}
                {category.slice(1)}
              </option>
            ))}
          </select>
        )}
      </Field>

      <div role="radiogroup" aria-label="Condition form" className="mode-switch">
        <label>
          <input
            type="radio"
            name="mode"
            checked={!isNested(document)}
            disabled={!flattened}
            onChange={() => {
              if (flattened) onChange(flattened);
            }}
          />
          Single condition
        </label>
        <label>
          <input
            type="radio"
            name="mode"
            checked={isNested(document)}
            onChange={() => {
              onChange(toNested(document));
            }}
          />
          Nested conditions (builder)
        </label>
        {!flattened && <span className="help">These conditions are nested, so they need the builder.</span>}
      </div>

      {flat ? (
        <div className="flat-condition">
          <Field
            label="Field Name"
            errors={messagesAt(errors, 'field_name')}
            hint="a fact from the registry, or <activity type>_count"
          >
            {(props) => (
              <>
                <input
                  {...props}
                  name="field_name"
                  list="fact-names"
                  value={flat.field_name}
                  onChange={(e) => {
                    set({ field_name: e.target.value });
                  }}
                />
                <datalist id="fact-names">
                  {catalog.facts.map((fact) => (
                    <option key={fact.name} value={fact.name}>
                      {fact.type}: {fact.description}
                    </option>
                  ))}
                </datalist>
              </>
            )}
          </Field>
          <Field label="Operator" errors={messagesAt(errors, 'operator')}>
            {(props) => (
              <select
                {...props}
                name="operator"
                value={flat.operator}
                onChange={(e) => {
                  set({ operator: e.target.value });
                }}
              >
                {operatorOptions(catalog, flat.field_name, flat.operator).map((operator) => (
                  <option key={operator.name} value={operator.name} title={operator.description}>
                    {operator.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            label="Value"
            errors={messagesAt(errors, 'value')}
            hint='as the guide writes it: ["Large", "Enterprise"], 3, director'
          >
            {(props) => (
              <input
                {...props}
                name="value"
                value={valueToText(flat.value)}
                onChange={(e) => {
                  set({ value: e.target.value });
                }}
              />
            )}
          </Field>
        </div>
      ) : (
        isNested(document) && (
          <ConditionBuilder
            conditions={document.conditions}
            onChange={(conditions) => {
              set({ conditions });
            }}
            errors={errors}
          />
        )
      )}

      <Field label="Points" errors={messagesAt(errors, 'points')}>
        {(props) => (
          <input
            {...props}
            name="points"
            type="number"
            min={-100}
            max={100}
            value={document.points}
            onChange={(e) => {
              set({ points: number(e.target.value) });
            }}
          />
        )}
      </Field>
      <Field label="Priority" errors={messagesAt(errors, 'priority')}>
        {(props) => (
          <input
            {...props}
            name="priority"
            type="number"
            min={0}
            value={document.priority}
            onChange={(e) => {
              set({ priority: number(e.target.value) });
            }}
          />
        )}
      </Field>
      <div className="field checkbox">
        <label>
          <input
            type="checkbox"
            name="is_active"
            checked={document.is_active}
            onChange={(e) => {
              set({ is_active: e.target.checked });
            }}
          />
          Is Active
        </label>
      </div>
      <div className="field checkbox">
        <label>
          <input
            type="checkbox"
            name="counts_toward_grade"
            checked={countsTowardGrade(document)}
            onChange={(e) => {
              set({ counts_toward_grade: e.target.checked });
            }}
          />
          Counts toward the grade (profile fit)
        </label>
        {messagesAt(errors, 'counts_toward_grade').map((message) => (
          <span key={message} className="error" role="alert">
            {message}
          </span>
        ))}
      </div>
    </fieldset>
  );
}
