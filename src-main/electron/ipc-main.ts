// The one file that touches ipcMain: every invoke channel of the contract is
// routed through dispatchInvoke (sender check, schema parse, IpcResult).
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { INVOKE_CHANNELS, type IpcHandlers } from '../../src-shared/protocol/ipc';
import { dispatchInvoke, type SenderInfo } from '../ipc/dispatch';

function senderOf(event: IpcMainInvokeEvent): SenderInfo {
  const frame = event.senderFrame;
  return { id: event.sender.id, frameUrl: frame?.url ?? '', isMainFrame: frame !== null && frame === event.sender.mainFrame };
}

export function wireIpc(handlers: () => IpcHandlers, appOrigin: string): () => void {
  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(channel, (event, payload: unknown) => dispatchInvoke(handlers(), channel, payload, senderOf(event), appOrigin));
  }
  return () => {
    for (const channel of INVOKE_CHANNELS) ipcMain.removeHandler(channel);
  };
}
