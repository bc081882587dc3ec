// Validates and routes one IPC call. Everything from the renderer is `unknown`
// until it has been parsed against the contract; unknown channels and senders
// other than our own window's main frame are refused. Every answer is an
// IpcResult: the renderer never sees an exception, and main never runs a
// handler on an input the schema did not accept.
import { z } from 'zod';
import {
  invokeChannels, isInvokeChannel, type InvokeChannel, type IpcHandlers, type IpcResult,
} from '../../src-shared/protocol/ipc';

export interface SenderInfo {
  /** webContents id of the sender. */
  id: number;
  /** URL of the frame that sent the message. */
  frameUrl: string;
  /** Is that frame the top frame of its window? */
  isMainFrame: boolean;
}

/** The app's own pages: file:// in a packaged app, or the loopback dev server that scripts/start.mjs runs. */
export function isTrustedSender(sender: SenderInfo, appOrigin: string): boolean {
  if (!sender.isMainFrame) return false;
  let url: URL;
  try {
    url = new URL(sender.frameUrl);
  } catch {
    return false;
  }
  if (appOrigin === 'file://') return url.protocol === 'file:';
  // Not url.origin: WHATWG gives "null" as the origin of custom schemes such as app://.
  return `${url.protocol}//${url.host}` === appOrigin && url.username === '' && url.password === '';
}

export async function dispatchInvoke(
  handlers: IpcHandlers,
  channel: unknown,
  payload: unknown,
  sender: SenderInfo,
  appOrigin: string,
): Promise<IpcResult<unknown>> {
  if (!isTrustedSender(sender, appOrigin)) {
    return { ok: false, error: { code: 'forbidden_sender', message: `IPC from ${sender.frameUrl || 'an unknown frame'} is not accepted` } };
  }
  if (!isInvokeChannel(channel)) {
    return { ok: false, error: { code: 'unknown_channel', message: `unknown IPC channel ${JSON.stringify(String(channel)).slice(0, 80)}` } };
  }
  const parsed = invokeChannels[channel].input.safeParse(payload);
  if (!parsed.success) {
    return { ok: false, error: { code: 'invalid_payload', message: `${channel}: ${z.prettifyError(parsed.error)}` } };
  }
  try {
    const handler = handlers[channel] as (input: unknown, sender: { id: number }) => unknown;
    return { ok: true, value: await handler(parsed.data, { id: sender.id }) };
  } catch (error) {
    return { ok: false, error: { code: 'failed', message: `${channel}: ${(error as Error).message}` } };
  }
}

export type { InvokeChannel };
