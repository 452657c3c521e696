import {
  Alert,
  Badge,
  Card,
  Group,
  Loader,
  type MantineSpacing,
  TextInput,
  type TextInputProps,
  Title,
} from '@mantine/core';
import type { ReactNode } from 'react';
import { messageOf } from '../api/client';

/**
 * A number field: Mantine's TextInput as a native number input (Mantine's NumberInput, through
 * react-number-format, dropped values typed while it re-rendered). Hands over a number, or the text as
 * typed when it is not one, so the API names the mistake at the field; '' when emptied.
 */
export function NumberField({
  value,
  onValue,
  ...input
}: Omit<TextInputProps, 'value' | 'onChange' | 'type'> & {
  value: number | string | null;
  onValue: (value: number | string) => void;
}) {
  return (
    <TextInput
      {...input}
      type="number"
      value={value ?? ''}
      onChange={(e) => {
        const text = e.currentTarget.value;
        onValue(text === '' || Number.isNaN(Number(text)) ? text : Number(text));
      }}
    />
  );
}

/** The API's problems with one field as a Mantine input's `error` (none: no error state). */
export function fieldError(messages: readonly string[]): string | undefined {
  return messages.join('; ') || undefined;
}

export function ErrorMessage({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <Alert color="red" role="alert" variant="light" my="xs">
      {messageOf(error)}
    </Alert>
  );
}

/** Loading / error / content, the three states of every page that reads the API. */
export function Loading<T>({
  state,
  children,
}: {
  state: { data: T | undefined; error: unknown; loading: boolean };
  children: (data: T) => ReactNode;
}) {
  if (state.error) return <ErrorMessage error={state.error} />;
  if (state.data === undefined)
    return (
      <Group gap="xs" aria-live="polite">
        <Loader size="sm" aria-hidden />
        <span>Loading…</span>
      </Group>
    );
  return <>{children(state.data)}</>;
}

/**
 * A bordered section of a page under its own heading: a dashboard or lead card, an editor's side panel, a
 * confirmation. Each loads and fails on its own where it reads the API.
 */
export function Panel({
  id,
  title,
  role,
  mb,
  children,
}: {
  id: string;
  title: ReactNode;
  role?: 'dialog';
  /** space under it, where the page does not space its sections itself (a Stack or grid does) */
  mb?: MantineSpacing;
  children: ReactNode;
}) {
  return (
    <Card withBorder component="section" aria-labelledby={id} role={role} mb={mb}>
      <Title order={2} size="h4" id={id} mb="xs">
        {title}
      </Title>
      {children}
    </Card>
  );
}

export function PageHeader({ title, actions }: { title: string; actions?: ReactNode }) {
  return (
    <Group component="header" justify="space-between" mb="md">
      <Title order={1} size="h2">
        {title}
      </Title>
      {actions && <Group gap="xs">{actions}</Group>}
    </Group>
  );
}

export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toLocaleString();
}

/** A date as a chart's axis names it: month, day and time ("Dec 5, 16:32"), short enough to sit side by side. */
export function formatAxisDate(value: string): string {
  const date = new Date(value);
  return Number.isNaN(date.getTime())
    ? value
    : date.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

// filled badges dark enough for white text at badge size (AA, checked by axe); yellow gets dark text
const STATUS_COLORS: Record<string, string> = {
  completed: '#1e6b2e',
  running: '#174ea6',
  pending: '#ffe066',
  waiting: '#ffe066',
  failed: '#a61b1b',
  timed_out: '#a61b1b',
  cancelled: '#495057',
  'not reached': '#495057',
};

export function StatusBadge({ status }: { status: string }) {
  return (
    <Badge color={STATUS_COLORS[status] ?? '#495057'} variant="filled" autoContrast>
      {status}
    </Badge>
  );
}
