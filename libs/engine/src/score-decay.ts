import { activityRecency, ageOf, type ActivityRecency, decayOf } from '@leadflow/domain';
import type { ActivityTimeline, CompiledRule, CompiledRuleSet, MatchedRule } from './compiled-rule-set';

/** One shared function for the common case, so that scoring without decay allocates nothing for it. */
const undecayed = (rule: CompiledRule): MatchedRule => rule.awarded;

/**
 * How each rule's match is reported for one lead. Without decay (the default) it is the rule's shared,
 * frozen `awarded` object, exactly as before decay existed. With decay, rules of the decaying categories get
 * their points decayed by the age of their source activity; the lead's activity recency is read once, on the
 * first such rule. Both evaluators report matches through this, so decay can never make them disagree.
 */
export function awardsFor(
  ruleSet: CompiledRuleSet,
  timeline: ActivityTimeline | undefined,
): (rule: CompiledRule) => MatchedRule {
  const policy = ruleSet.decay;
  if (policy === null) return undecayed;
  if (timeline === undefined) {
    throw new Error(
      `rule set ${ruleSet.version} decays points: scoring it needs the lead's activity timeline`,
    );
  }
  let recency: ActivityRecency | undefined;
  return (rule) => {
    if (!rule.decays) return rule.awarded;
    recency ??= activityRecency(timeline.activities);
    const decay = decayOf(rule.points, policy, ageOf(rule.ageSource, recency, timeline.now));
    return { ...rule.awarded, points: decay.decayed_points, decay };
  };
}
