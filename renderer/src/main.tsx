import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/App';
import { connectStore, useStore } from './store';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

connectStore().catch((e: unknown) => useStore.getState().notify(`Could not reach the TraceLens main process: ${e instanceof Error ? e.message : String(e)}`));
