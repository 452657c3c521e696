import '@mantine/core/styles.css';
import '@mantine/charts/styles.css';
import { MantineProvider } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { installHistoryGuard } from './app/router';
import { cssVariablesResolver, theme } from './app/theme';
import { queryClient } from './app/use-api';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
installHistoryGuard();
createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
