import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/App';
import { connectStore, useStore } from './store';
import { connectWorkspace, startupFinished } from './workspace';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

connectStore()
  .then(() => connectWorkspace())
  .catch((e: unknown) => useStore.getState().notify(`Could not reach the TraceLens main process: ${e instanceof Error ? e.message : String(e)}`))
  .finally(startupFinished);
