import { classifyJobLevel } from './job-level';
import type { JobLevel } from './types';

describe('classifyJobLevel', () => {
  const table: [string, JobLevel][] = [
    // executive
    ['CEO', 'executive'],
    ['ceo & co-founder', 'executive'],
    ['Chief Technology Officer', 'executive'],
    ['CTO', 'executive'],
    ['VP of Sales', 'executive'],
    ['SVP, Marketing', 'executive'],
    ['Vice President Engineering', 'executive'],
    ['Vice-President, Finance', 'executive'],
    ['President', 'executive'],
    ['Founder', 'executive'],
    ['Co-Founder', 'executive'],
    ['Managing Director', 'executive'],
    ['Assistant Vice President', 'executive'],
    // senior
    ['Director of Marketing', 'senior'],
    ['Associate Director, Sales', 'senior'],
    ['Head of Growth', 'senior'],
    ['Principal Engineer', 'senior'],
    ['Senior Software Engineer', 'senior'],
    ['Sr. Data Analyst', 'senior'],
    ['Team Lead', 'senior'],
    ['Lead Designer', 'senior'],
    ['Marketing Manager', 'senior'],
    ['Product Manager', 'senior'],
    ['Assistant Manager', 'senior'],
    ['Senior Associate', 'senior'],
    ['DIRECTOR', 'senior'],
    // entry
    ['Intern', 'entry'],
    ['Marketing Intern', 'entry'],
    ['Junior Developer', 'entry'],
    ['Jr. Accountant', 'entry'],
    ['Junior Product Manager', 'entry'],
    ['Trainee', 'entry'],
    ['Graduate Engineer', 'entry'],
    ['Sales Associate', 'entry'],
    ['Administrative Assistant', 'entry'],
    ['Executive Assistant to the CEO', 'entry'],
    ['Assistant to the CFO', 'entry'],
    // mid
    ['Software Engineer', 'mid'],
    ['Account Executive', 'mid'],
    ['Data Analyst', 'mid'],
    ['Lead Generation Specialist', 'mid'],
    ['Lead Gen Specialist', 'mid'],
    ['VPN Administrator', 'mid'],
    ['Headhunter', 'mid'],
    ['Accountant', 'mid'],
    ['  consultant  ', 'mid'],
  ];

  it.each(table)('%s -> %s', (title, level) => {
    expect(classifyJobLevel(title)).toBe(level);
  });

  it.each([undefined, null, '', '   '])('has no level for %j', (title) => {
    expect(classifyJobLevel(title)).toBeNull();
  });
});
