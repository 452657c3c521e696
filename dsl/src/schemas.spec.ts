import { CATEGORIES, OPERATOR_NAMES } from '@leadflow/domain';
import { LIMITS } from './limits';
import { DSL_SCHEMAS } from './schemas';
import { ACTION_TYPES, TRIGGER_TYPES } from './workflow/workflow-types';

/** The published schemas are hand-written JSON; these checks keep them in step with the code's constants. */
describe('published JSON Schemas', () => {
  const rule = DSL_SCHEMAS.scoring_rule.$defs;
  const workflow = DSL_SCHEMAS.workflow.$defs;

  it('are draft 2020-12 with a stable $id each', () => {
    for (const schema of Object.values(DSL_SCHEMAS)) {
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(schema.$id).toMatch(/^https:\/\/leadflow\.dev\/schemas\/[a-z-]+\.schema\.json$/);
    }
  });

  it('list the operators, categories, triggers and actions the code knows', () => {
    expect(rule.operator.enum).toEqual(OPERATOR_NAMES);
    expect(rule.ruleType.enum).toEqual([...CATEGORIES]);
    expect(workflow.triggerType.enum).toEqual([...TRIGGER_TYPES]);
    expect(workflow.actionType.enum).toEqual([...ACTION_TYPES]);
  });

  it('carry the limits the validator enforces', () => {
    expect(rule.name.maxLength).toBe(LIMITS.nameLength);
    expect(rule.description.maxLength).toBe(LIMITS.descriptionLength);
    expect(rule.points).toMatchObject({ minimum: -LIMITS.maxPoints, maximum: LIMITS.maxPoints });
    expect(rule.priority.maximum).toBe(LIMITS.maxPriority);
    expect(rule.groupCondition.properties.all.maxItems).toBe(LIMITS.conditionLeaves);
    expect(workflow.steps.maxItems).toBe(LIMITS.workflowSteps);
    expect(DSL_SCHEMAS.bundle.properties.rules.maxItems).toBe(LIMITS.bundleItems);
    expect(DSL_SCHEMAS.qualification_criterion.properties.name.maxLength).toBe(LIMITS.nameLength);
  });
});
