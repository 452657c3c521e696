import { useEffect, useState } from 'react';

export interface NotificationEvent {
  id: number;
  message: string;
  lead_id: number;
  created_at: string;
}

/**
 * New notifications as they arrive, from the API's server-sent-events stream. An EventSource cannot send
 * an Authorization header, so the stream authenticates with the `leadflow_token` cookie set at login.
 */
export function useNotificationStream(enabled: boolean): NotificationEvent[] {
  const [events, setEvents] = useState<NotificationEvent[]>([]);
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/notifications/stream/', { withCredentials: true });
    source.onmessage = (message: MessageEvent<string>) => {
      const event = JSON.parse(message.data) as NotificationEvent;
      setEvents((previous) =>
        previous.some((e) => e.id === event.id) ? previous : [event, ...previous].slice(0, 50),
      );
    };
    return () => {
      source.close();
    };
  }, [enabled]);
  return events;
}
