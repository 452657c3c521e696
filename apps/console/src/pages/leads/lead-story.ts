import { describeChange, type ScoreChange } from './score-changes';
import type { InputRecords } from './score-inputs';

/** One line of a lead's story: when, what kind of thing happened, what it was in words, where it leads. */
export interface StoryEntry {
  at: string;
  kind: 'score' | 'activity' | 'enrichment' | 'stage' | 'workflow' | 'task' | 'email' | 'notification';
  text: string;
  /** a console path for more */
  to?: string;
}

export interface StorySources extends InputRecords {
  changes: readonly ScoreChange[];
  stages: readonly {
    from_stage: string;
    to_stage: string;
    score: number;
    changed_at?: string;
    created_at?: string;
  }[];
  runs: readonly { id: number; workflow_name?: string; status: string; started_at: string }[];
  tasks: readonly { title: string; priority: string; status: string; created_at?: string }[];
  emails: readonly { subject: string; to: string; sent_at: string | null; created_at: string }[];
  /** what send_notification steps told people about the lead (those the reader sees) */
  notifications: readonly { message: string; read_at: string | null; created_at: string }[];
}

/** Everything that happened to a lead on one time line, newest first (entries without a time are left out). */
export function leadStory(sources: StorySources): StoryEntry[] {
  const entries: StoryEntry[] = [
    ...sources.changes.map((change) => {
      const delta = change.score - change.previousScore;
      const reasons = describeChange(change).filter((reason) => !reason.startsWith('stage '));
      return {
        at: change.at,
        kind: 'score' as const,
        text: `Score ${change.previousScore} → ${change.score} (${delta >= 0 ? '+' : '−'}${Math.abs(delta)})${
          reasons.length ? `: ${reasons.join(', ')}` : ''
        }`,
      };
    }),
    // the inputs each score change names, at the time they were recorded
    ...sources.activities.map((activity) => ({
      at: activity.created_at,
      kind: 'activity' as const,
      text: `Activity ${activity.type}`,
    })),
    ...Object.entries(sources.enriched).map(([field, provenance]) => ({
      at: provenance.fetched_at,
      kind: 'enrichment' as const,
      text: `${field} enriched from ${provenance.source}`,
    })),
    ...sources.stages.map((stage) => ({
      at: stage.changed_at ?? stage.created_at ?? '',
      kind: 'stage' as const,
      text: `Stage ${stage.from_stage} → ${stage.to_stage} at score ${stage.score}`,
    })),
    ...sources.runs.map((run) => ({
      at: run.started_at,
      kind: 'workflow' as const,
      text: `Workflow “${run.workflow_name ?? 'unnamed'}” ${run.status}`,
      to: `/lead_qualification/executions/${run.id}/`,
    })),
    ...sources.tasks.map((task) => ({
      at: task.created_at ?? '',
      kind: 'task' as const,
      text: `Task “${task.title}” (${task.priority}, ${task.status})`,
    })),
    ...sources.emails.map((email) => ({
      at: email.sent_at ?? email.created_at,
      kind: 'email' as const,
      text: `Email “${email.subject}” to ${email.to}${email.sent_at ? '' : ' (not sent yet)'}`,
    })),
    ...sources.notifications.map((notification) => ({
      at: notification.created_at,
      kind: 'notification' as const,
      text: `Notification “${notification.message}”${notification.read_at ? '' : ' (unread)'}`,
      to: '/notifications/',
    })),
  ];
  return entries.filter((entry) => entry.at !== '').sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
}
