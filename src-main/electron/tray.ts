// Tray icon: shows the app, the signed-in user's overdue count, and quits.
// The window only hides on close, so sync and notifications go on from here.
import { Menu, Tray, nativeImage } from 'electron';

// 32x32 PNG (an arrow handing work on), embedded so the tray never depends on a packaged file.
const ICON_PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAYAAABzenr0AAAAW0lEQVR4nGNgGAVQIG8V/5+eeNQBow4YdcDwdMDX778G3gHEOoKmDiDGETR3ACFHEOUAdAPJxaMOGHXA0M0FQ7YcIEYtzRxArFqaOIAUPOqAUQeMOgDDASMWAAB1/jCPdsl/NAAAAABJRU5ErkJggg==';

export interface AppTray {
  setOverdueCount(count: number): void;
  destroy(): void;
}

export function createTray(actions: { show(): void; quit(): void }): AppTray {
  const tray = new Tray(nativeImage.createFromBuffer(Buffer.from(ICON_PNG_BASE64, 'base64')).resize({ width: 16, height: 16 }));
  const render = (count: number) => {
    const label = count === 0 ? 'No overdue tasks' : `${count} overdue task${count === 1 ? '' : 's'}`;
    tray.setToolTip(`Handoff: ${label}`);
    tray.setTitle(count > 0 ? String(count) : ''); // macOS menu bar text; ignored elsewhere
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label, enabled: false },
        { type: 'separator' },
        { label: 'Show Handoff', click: actions.show },
        { label: 'Quit', click: actions.quit },
      ]),
    );
  };
  tray.on('click', actions.show);
  render(0);
  let last = 0;
  return {
    setOverdueCount(count) {
      if (count === last) return;
      last = count;
      render(count);
    },
    destroy: () => tray.destroy(),
  };
}
