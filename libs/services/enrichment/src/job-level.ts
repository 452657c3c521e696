import type { JobLevel } from './types';

/**
 * Job level from a title, by the first matching row (case-insensitive, whole words only, so "VPN" is not
 * "VP" and "Headhunter" is not "Head"):
 *
 * | order | level     | words |
 * | ----- | --------- | ----- |
 * | 1     | entry     | intern, internship, trainee, apprentice, junior, jr, graduate, student, working student, "executive assistant", "personal assistant", "assistant to" |
 * | 2     | executive | chief, CEO, CTO, CFO, COO, CMO, CIO, CISO, CSO, CPO, CRO, CCO, CDO, CHRO, president, vice president, VP, SVP, EVP, AVP, founder, co-founder, cofounder, managing director |
 * | 3     | senior    | director, head, principal, senior, sr, lead (not "lead gen/generation"), manager, management |
 * | 4     | entry     | assistant, associate |
 * | 5     | mid       | any other non-empty title |
 *
 * Decisions: entry words of row 1 win over everything ("Intern to the CEO" is entry, "Junior Product Manager"
 * is entry). A manager is senior: for lead scoring a manager usually owns a team or a budget; a deployment
 * that wants "Account Manager" treated otherwise writes a rule on `title`. A rank beats assistant/associate
 * ("Associate Director" is senior, "Assistant Vice President" executive, "Sales Associate" entry). "Lead" in
 * "Lead Generation Specialist" is about sales leads, not seniority. An empty or missing title has no level.
 */
const RULES: readonly { level: JobLevel; pattern: RegExp }[] = [
  {
    level: 'entry',
    pattern:
      /\b(interns?|internship|trainees?|apprentice|junior|jr|graduate|student|working student|executive assistant|personal assistant|assistant to)\b/i,
  },
  {
    level: 'executive',
    pattern:
      /\b(chief|ceo|cto|cfo|coo|cmo|cio|ciso|cso|cpo|cro|cco|cdo|chro|president|vice[- ]president|vp|svp|evp|avp|founder|co-?founder|managing director)\b/i,
  },
  {
    level: 'senior',
    pattern: /\b(directors?|head|principal|senior|sr|lead(?!\s*gen)|manager|management)\b/i,
  },
  { level: 'entry', pattern: /\b(assistant|associate)\b/i },
];

/** Pure: `null` for an empty title, else the level of the first matching row of the table above. */
export function classifyJobLevel(title: string | null | undefined): JobLevel | null {
  const text = title?.trim() ?? '';
  if (text === '') return null;
  for (const rule of RULES) {
    if (rule.pattern.test(text)) return rule.level;
  }
  return 'mid';
}
