import './zod-setup';
import { createRoot } from 'react-dom/client';
import { StrictMode } from 'react';
import { Root } from './app/Root';
import { registerServiceWorker } from './app/service-worker';
import './styles.css';
import './views/settings/settings.css';

registerServiceWorker();
const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element.');
createRoot(container).render(<StrictMode><Root /></StrictMode>);
