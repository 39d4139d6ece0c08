import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { MOCK_MODE } from './lib/mode.ts';
import './styles.css';

if (MOCK_MODE) {
  const { startMockApi } = await import('./mock/startMockApi.ts');
  await startMockApi();
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
