import { Button, Center, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { type SubmitEvent, useState } from 'react';
import { api } from '../api/client';
import { roleOfToken, saveSession, type Session } from '../api/session';
import { ErrorMessage } from '../components/ui';

/** POST /api/auth/token, then the session (and its cookie) for everything else. */
export function LoginPage({ onLogin }: { onLogin: (session: Session) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const token = await api.post<{ access_token: string; expires_in: number }>('/api/auth/token', {
        username,
        password,
      });
      const session: Session = {
        token: token.access_token,
        username,
        role: roleOfToken(token.access_token),
        expiresAt: Date.now() + token.expires_in * 1000,
      };
      saveSession(session);
      onLogin(session);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Center component="main" mih="100vh" bg="gray.0">
      <Paper
        component="form"
        withBorder
        radius="md"
        p="lg"
        w={340}
        onSubmit={(event) => void submit(event)}
        aria-labelledby="login-title"
      >
        <Title order={1} size="h3" id="login-title" mb="md">
          Leadflow console
        </Title>
        <Stack gap="sm">
          <TextInput
            label="Username"
            name="username"
            autoComplete="username"
            value={username}
            onChange={(e) => {
              setUsername(e.currentTarget.value);
            }}
            required
            // the label's hidden asterisk would become part of its name for some readers and the tests
            withAsterisk={false}
          />
          <PasswordInput
            label="Password"
            name="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => {
              setPassword(e.currentTarget.value);
            }}
            required
            // the label's hidden asterisk would become part of its name for some readers and the tests
            withAsterisk={false}
          />
        </Stack>
        <ErrorMessage error={error} />
        <Button type="submit" disabled={busy} mt="md">
          Log in
        </Button>
      </Paper>
    </Center>
  );
}
