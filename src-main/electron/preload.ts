// The preload (sandboxed, bundled to CommonJS): exposes `window.handoff`, built
// from the IPC contract's channel names and nothing else. No Node, no
// ipcRenderer, no event objects ever reach the page.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENT_CHANNELS, INVOKE_CHANNELS, type EventChannel, type HandoffBridge, type InvokeChannel } from '../../src-shared/protocol/ipc';

const invokable = new Set<string>(INVOKE_CHANNELS);
const listenable = new Set<string>(EVENT_CHANNELS);

const bridge: HandoffBridge = {
  invoke(channel: InvokeChannel, input: unknown) {
    if (!invokable.has(channel)) return Promise.resolve({ ok: false, error: { code: 'unknown_channel', message: `unknown IPC channel ${String(channel)}` } });
    return ipcRenderer.invoke(channel, input);
  },
  on(channel: EventChannel, listener: (payload: never) => void) {
    if (!listenable.has(channel)) throw new Error(`unknown IPC event ${String(channel)}`);
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => (listener as (payload: unknown) => void)(payload);
    ipcRenderer.on(channel, wrapped);
    return () => {
      ipcRenderer.removeListener(channel, wrapped);
    };
  },
} as HandoffBridge;

contextBridge.exposeInMainWorld('handoff', bridge);
