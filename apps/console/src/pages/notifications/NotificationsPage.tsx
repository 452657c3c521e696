import { Button, Checkbox } from '@mantine/core';
import { LeadName } from '../../components/names';
import { useState } from 'react';
import { api, query } from '../../api/client';
import type { Page } from '../../api/types';
import { useApi } from '../../app/use-api';
import { ErrorMessage, formatDate, Loading, PageHeader } from '../../components/ui';

interface Notification {
  id: number;
  lead_id: number;
  message: string;
  read_at: string | null;
  created_at: string;
}

/** The caller's notifications and the broadcast ones (from send_notification steps), newest first. */
export function NotificationsPage() {
  const [unreadOnly, setUnreadOnly] = useState(true);
  const [error, setError] = useState<unknown>();
  const notifications = useApi<Page<Notification>>(
    `/api/notifications/${query({ unread: unreadOnly ? 'true' : undefined, page_size: 100 })}`,
  );
  const markRead = async (id: number) => {
    try {
      await api.post(`/api/notifications/${id}/read/`);
      notifications.reload();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <>
      <PageHeader title="Notifications" />
      <Checkbox
        label="Unread only"
        mb="md"
        checked={unreadOnly}
        onChange={(e) => {
          setUnreadOnly(e.currentTarget.checked);
        }}
      />
      <ErrorMessage error={error} />
      <Loading state={notifications}>
        {(page) => (
          <ul>
            {page.results.map((notification) => (
              <li key={notification.id}>
                {notification.message} · <LeadName id={notification.lead_id} /> ·{' '}
                {formatDate(notification.created_at)}{' '}
                {notification.read_at === null && (
                  <Button
                    variant="subtle"
                    size="compact-sm"
                    type="button"
                    onClick={() => void markRead(notification.id)}
                  >
                    Mark read
                  </Button>
                )}
              </li>
            ))}
            {page.count === 0 && <li>No notifications.</li>}
          </ul>
        )}
      </Loading>
    </>
  );
}
